"""Who is in 青溪县: the county government, its departments and townships, and their CMS family."""

from __future__ import annotations

from dataclasses import dataclass

REGION = "青溪县"
HANWEB = "hanweb"
PLAIN = "plain"
TRS = "trs"  # TRS WCM classic: createPageHTML pager, index_N.html pages


@dataclass(frozen=True)
class AgencySpec:
    id: str
    name: str
    short: str  # how news titles name it
    kind: str  # county | department | township
    family: str  # hanweb | plain | trs
    doc_prefix: str  # 文号 prefix, e.g. 青发改
    topics: tuple[str, ...]


def _dept(id_, name, family, prefix, topics) -> AgencySpec:
    short = "县" + name.removeprefix(REGION)
    return AgencySpec(id_, name, short, "department", family, prefix, tuple(topics.split()))


def _town(id_, town, topics) -> AgencySpec:
    name = f"{REGION}{town}人民政府"
    return AgencySpec(id_, name, town, "township", PLAIN, f"{town[0]}政", tuple(topics.split()))


COUNTY = AgencySpec(
    "qx-gov", "青溪县人民政府", "县政府", "county", HANWEB, "青政",
    tuple(["营商环境", "乡村振兴", "安全生产", "生态环境保护", "民生实事", "招商引资", "数字政府", "防汛防台"]),
)  # fmt: skip

# fmt: off
DEPARTMENTS = (
    _dept("qx-fgj", "青溪县发展和改革局", HANWEB, "青发改", "重大项目建设 粮食安全 价格监测 R&D经费投入 节能审查 社会信用体系建设 以工代赈 “十五五”规划编制"),
    _dept("qx-jyj", "青溪县教育局", HANWEB, "青教", "义务教育招生 校园安全 “双减” 学前教育 教师队伍建设 校园食品安全 教育督导 职业教育"),
    _dept("qx-czj", "青溪县财政局", HANWEB, "青财", "预算绩效管理 政府采购 国有资产管理 惠民惠农财政补贴 地方政府债务管理 会计监督 财会人员培训"),
    _dept("qx-gaj", "青溪县公安局", HANWEB, "青公", "电信网络诈骗防范 道路交通安全 户籍管理 平安青溪建设 禁毒宣传 扫黑除恶常态化 消防安全"),
    _dept("qx-zrzyj", "青溪县自然资源和规划局", HANWEB, "青自然资规", "耕地保护 国土空间规划 不动产登记 地质灾害防治 林长制 矿产资源管理 违法用地整治"),
    _dept("qx-zjj", "青溪县住房和城乡建设局", HANWEB, "青建", "老旧小区改造 建筑施工安全 保障性住房 城市燃气安全 物业管理 农村危房改造 建筑市场监管"),
    _dept("qx-wjj", "青溪县卫生健康局", HANWEB, "青卫健", "家庭医生签约 医共体建设 爱国卫生运动 传染病防控 妇幼健康 老龄健康 基本公共卫生服务"),
    _dept("qx-mzj", "青溪县民政局", PLAIN, "青民", "城乡低保 养老服务 社会组织管理 殡葬改革 儿童福利 残疾人两项补贴 婚姻登记"),
    _dept("qx-rsj", "青溪县人力资源和社会保障局", PLAIN, "青人社", "就业创业 根治欠薪 社会保险 技能人才培养 人事考试 劳动人事争议调解 职称评审"),
    _dept("qx-jtj", "青溪县交通运输局", TRS, "青交", "“四好农村路”建设 道路运输安全 公路养护 城乡公交一体化 治超治限 交通工程质量监督"),
    _dept("qx-nyncj", "青溪县农业农村局", PLAIN, "青农", "高标准农田建设 粮食生产 动物防疫 农产品质量安全 农村人居环境整治 春耕备耕 农机购置补贴"),
    _dept("qx-scjgj", "青溪县市场监督管理局", TRS, "青市监", "食品安全 特种设备安全 知识产权保护 价格监督检查 消费者权益保护 计量监督 个体工商户帮扶"),
    _dept("qx-yjglj", "青溪县应急管理局", PLAIN, "青应急", "安全生产 森林防灭火 防汛抗旱 危险化学品监管 应急演练 自然灾害救助 有限空间作业"),
    _dept("qx-slj", "青溪县水利局", TRS, "青水", "河长制 水土保持 农村饮水安全 水库安全度汛 水资源管理 小型水利工程建设"),
)

TOWNSHIPS = (
    _town("qx-cgz", "城关镇", "老旧小区改造 文明城市创建 社区治理 垃圾分类 平安建设 就业帮扶"),
    _town("qx-qsx", "青山乡", "茶产业发展 森林防火 乡村旅游 农村人居环境整治 防返贫监测 村级集体经济"),
    _town("qx-hkz", "河口镇", "防汛抗旱 美丽乡村建设 农村饮水安全 特色种养殖 移风易俗 河道保洁"),
)
# fmt: on

ALL_AGENCIES: tuple[AgencySpec, ...] = (COUNTY, *DEPARTMENTS, *TOWNSHIPS)
