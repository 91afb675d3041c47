"""The Chinese words users read for the codes the monitor stores."""

STATUS_LABELS = {
    "stale": "栏目不更新",
    "blank": "空白栏目",
    "missing": "未按时公开",
    "late": "逾期公开",
    "unreachable": "无法访问",
}
KIND_LABELS = {"freshness": "更新频率", "not_blank": "栏目内容", "periodic": "定期公开"}
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
OUTCOME_LABELS = {
    "ok": "正常",
    "unreachable": "无法连接",
    "timeout": "访问超时",
    "http_error": "HTTP错误",
    "unparsed": "页面无法识别",
    "soft404": "页面不存在",
    "waf": "被防火墙拦截",
    "not_crawled": "未抓取",
}


def label(table: dict[str, str], code: str | None) -> str:
    return table.get(code or "", code or "")
