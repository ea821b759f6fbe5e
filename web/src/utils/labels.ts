// Chinese labels for the codes the API answers in.

export const ROLE_NAMES: Record<string, string> = {
  member: '工作队员',
  leader: '第一书记',
  town_secretary: '镇（街道）书记',
  city_admin: '市驻村办',
  unit_viewer: '派出单位',
}

/** RULES.md §2: a day's status, in the order the rules decide it. */
export const DAY_STATUSES = ['present', 'business', 'leave', 'rest', 'absent'] as const
export type DayStatus = (typeof DAY_STATUSES)[number]

export const DAY_STATUS_NAMES: Record<DayStatus, string> = {
  present: '在岗',
  business: '因公外出',
  leave: '请假',
  rest: '休息',
  absent: '缺勤',
}

export const DAY_STATUS_COLOURS: Record<DayStatus, string> = {
  present: '#2e9d57',
  business: '#3b82f6',
  leave: '#f0a020',
  rest: '#c9ced6',
  absent: '#d9363e',
}

export const REQUEST_KINDS: Record<string, string> = { leave: '请假', trip: '因公外出', correction: '补卡' }
export const TRIP_TYPES: Record<string, string> = { meeting: '外出开会', training: '培训', project: '联系项目' }
export const HALF_DAYS: Record<string, string> = { am: '上午', pm: '下午' }

export const STEP_STATUSES: Record<string, string> = {
  waiting: '待前序审批',
  pending: '待审批',
  approved: '同意',
  rejected: '驳回',
}

export const REQUEST_STATUSES: Record<string, string> = {
  pending: '审批中',
  approved: '已批准',
  rejected: '已驳回',
  cancelled: '已撤销',
}

export const CASE_STATUSES: Record<string, string> = { open: '待处理', confirmed: '已确认召回', dismissed: '已撤销' }

/** The rules that open a recall case (RULES.md RECALL-1). */
export const RECALL_RULES: Record<string, string> = {
  'ATT-2': '全年出勤不足200天',
  'ATT-3': '连续缺勤15天',
  'ATT-4': '累计缺勤超过30天',
  'LOG-4': '3次以上未按规定记录工作日志并拒绝整改',
  'LV-6': '请假累计超过30天',
}

export const CHECKIN_REASONS: Record<string, string> = {
  OUTSIDE_FENCE: '不在打卡范围',
  LOW_ACCURACY: '定位精度不足',
  IMPLAUSIBLE_SPEED: '移动速度异常',
  CLOCK_SKEW: '手机时间异常',
  MOCK_LOCATION: '模拟定位',
  TOO_LATE: '离线超过72小时',
  NOT_POSTED: '不在驻村期内',
}

export const CHANNELS: Record<string, string> = { wechat: '微信订阅消息', wecom: '企业微信群机器人', webhook: 'Webhook' }
export const DELIVERY_STATUSES: Record<string, string> = { pending: '待发送', sent: '已发送', failed: '失败' }

export const label = (names: Record<string, string>, code: string | null | undefined) =>
  code ? (names[code] ?? code) : ''

/** VIEW-1: a cadre's state on the today board. */
export const TODAY_STATES = ['present', 'expected', 'leave', 'business', 'rest'] as const
export const TODAY_STATE_NAMES: Record<string, string> = {
  present: '已打卡',
  expected: '应到未到',
  leave: '请假',
  business: '因公外出',
  rest: '休息',
}
export const TODAY_STATE_TAGS: Record<string, 'success' | 'danger' | 'warning' | 'primary' | 'info'> = {
  present: 'success',
  expected: 'danger',
  leave: 'warning',
  business: 'primary',
  rest: 'info',
}

/** VIEW-2: the recall rule a cadre is near, as a supervisor reads it. */
export const RISK_NAMES: Record<string, string> = {
  'ATT-2': '预计不足200天',
  'ATT-3': '连续缺勤',
  'ATT-4': '累计缺勤',
  'LOG-4': '日志未整改',
  'LV-6': '请假将超30天',
  'ATT-1': '预计不足220天',
}
