// A recall case's evidence (RECALL-1) as lines a person reads: the days or records it rests on.

const KEYS: Record<string, string> = {
  start: '开始日期',
  end: '结束日期',
  length: '连续天数',
  count: '天数',
  absent_days: '缺勤日期',
  unfixed_missed_logs: '拒绝整改的漏记日志',
  attendance_days: '出勤天数',
  required: '最低要求',
  planned_posted_days: '计划驻村天数',
  leave_days: '请假天数',
}

export interface EvidenceLine {
  label: string
  text: string
}

export function evidenceLines(evidence: Record<string, unknown> | undefined): EvidenceLine[] {
  return Object.entries(evidence ?? {}).map(([key, value]) => ({
    label: KEYS[key] ?? key,
    text: Array.isArray(value) ? `${value.length}个：${value.join('、')}` : String(value),
  }))
}
