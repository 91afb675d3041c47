"""The Chinese words users read for the codes the monitor stores."""

STATUS_LABELS = {
    "stale": "栏目不更新",
    "blank": "空白栏目",
    "too_many_blank": "空白栏目过多",
    "missing": "未按时公开",
    "late": "逾期公开",
    "defective": "年报格式不符",
    "unpaired": "缺少政策解读",
    "backdated": "伪造发稿日期",
    "unavailable": "站点无法访问",
    "broken_links": "链接不可用",
    "unanswered": "留言未答复",
    "overdue": "留言逾期未答复",
    "late_reply": "留言答复超期",
    "unreachable": "无法访问",
    "no_column": "栏目缺失",
    "site_changed": "网站改版",
    "outdated_name": "机构名称已变更",
    "leader": "领导姓名职务错误",
    "wrong_word": "错别字",
    "id_number": "泄露身份证号码",
    "mobile": "泄露手机号码",
    "bank_card": "泄露银行卡号",
    "hidden_link": "隐藏链接",
    "blocked_link": "违规外链",
}
KIND_LABELS = {"freshness": "更新频率", "not_blank": "栏目内容", "periodic": "定期公开",
               "coverage": "栏目设置", "site_change": "网站改版", "content": "内容检查"}  # fmt: skip
STATE_LABELS = {
    "new": "新发现",
    "open": "持续存在",
    "resolved": "已整改",
    "reopened": "再次出现",
    "waived": "已豁免",
}
WAIVER_LABELS = {"waived": "豁免", "false_positive": "误报"}
AGENCY_KIND_LABELS = {"county": "县政府", "department": "县级部门", "township": "乡镇"}
NOTICE_STATE_LABELS = {
    "issued": "整改中",
    "rectified": "已整改",
    "overdue": "逾期未整改（已上报）",
    "withdrawn": "已撤回",
}
CRAWL_STATUS_LABELS = {"finished": "完成", "running": "进行中", "failed": "失败"}


def label(table: dict[str, str], code: str | None) -> str:
    return table.get(code or "", code or "")


def status_label(status: str) -> str:
    return label(STATUS_LABELS, status)


def state_label(state: str) -> str:
    return label(STATE_LABELS, state)


def waiver_label(kind: str | None) -> str:
    return label(WAIVER_LABELS, kind)
