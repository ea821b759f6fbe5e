// The console's pages, each with the roles that may use it (ORG-2) — the vue-element-admin way:
// `meta.roles` on a route decides both the side menu and the guard.
import type { RouteRecordRaw } from 'vue-router'
import Layout from '@/layout/Layout.vue'
import SignIn from '@/views/login/SignIn.vue' // in the first bundle: the page most first visits open

export const CONSOLE_ROLES = ['leader', 'town_secretary', 'city_admin', 'unit_viewer']
const APPROVERS = ['leader', 'town_secretary', 'city_admin']

declare module 'vue-router' {
  interface RouteMeta {
    title?: string
    icon?: string
    roles?: string[]
    /** Not in the side menu (a detail page). */
    hidden?: boolean
    /** The menu entry to highlight on a detail page. */
    activeMenu?: string
    /** Open without signing in. */
    public?: boolean
  }
}

export const appRoutes: RouteRecordRaw[] = [
  {
    path: 'approvals',
    name: 'approvals',
    component: () => import('@/views/approvals/ApprovalQueue.vue'),
    meta: { title: '审批', icon: 'Stamp', roles: APPROVERS },
  },
  {
    path: 'boards/today',
    name: 'today',
    component: () => import('@/views/boards/TodayBoard.vue'),
    meta: { title: '今日', icon: 'Sunny', roles: CONSOLE_ROLES },
  },
  {
    path: 'boards/period',
    name: 'period',
    component: () => import('@/views/boards/PeriodBoard.vue'),
    meta: { title: '考勤看板', icon: 'DataBoard', roles: CONSOLE_ROLES },
  },
  {
    path: 'cadres',
    name: 'cadres',
    component: () => import('@/views/cadres/CadreList.vue'),
    meta: { title: '干部考勤', icon: 'User', roles: CONSOLE_ROLES },
  },
  {
    path: 'cadres/:id(\\d+)',
    name: 'cadre',
    component: () => import('@/views/cadres/CadrePage.vue'),
    meta: { title: '干部详情', roles: CONSOLE_ROLES, hidden: true, activeMenu: '/cadres' },
  },
  {
    path: 'recall',
    name: 'recall',
    component: () => import('@/views/recall/RecallAndAssessment.vue'),
    meta: { title: '召回与考核', icon: 'Warning', roles: ['city_admin', 'town_secretary'] },
  },
  {
    path: 'oversight',
    name: 'oversight',
    component: () => import('@/views/oversight/OversightPage.vue'),
    meta: { title: '抽查', icon: 'Aim', roles: ['town_secretary', 'city_admin'] },
  },
  {
    path: 'reports',
    name: 'reports',
    component: () => import('@/views/reports/ReportsPage.vue'),
    meta: { title: '报表', icon: 'Document', roles: CONSOLE_ROLES },
  },
  {
    path: 'settings/calendar',
    name: 'calendar',
    component: () => import('@/views/settings/CalendarYear.vue'),
    meta: { title: '节假日日历', icon: 'Calendar', roles: ['city_admin'] },
  },
  {
    path: 'settings/org-import',
    name: 'org-import',
    component: () => import('@/views/settings/OrgImport.vue'),
    meta: { title: '组织导入', icon: 'Upload', roles: ['city_admin'] },
  },
  {
    path: 'settings/deliveries',
    name: 'deliveries',
    component: () => import('@/views/settings/FailedDeliveries.vue'),
    meta: { title: '推送失败', icon: 'Bell', roles: ['city_admin'] },
  },
]

export const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: SignIn, meta: { public: true, title: '登录' } },
  { path: '/scan', name: 'scan', component: () => import('@/views/login/ScanHint.vue'), meta: { public: true, title: '扫码登录' } },
  { path: '/', component: Layout, name: 'home', children: appRoutes },
  { path: '/:anything(.*)*', name: 'not-found', component: () => import('@/views/error/NotFound.vue'), meta: { public: true, title: '页面不存在' } },
]

export function allowed(roles: string[] | undefined, role: string): boolean {
  return !roles || roles.includes(role)
}

/** The side menu for a role: the pages it may use, in order, grouped as the menu shows them. */
export function menuFor(role: string) {
  return appRoutes
    .filter((r) => !r.meta?.hidden && allowed(r.meta?.roles, role))
    .map((r) => ({ path: `/${r.path}`, title: r.meta?.title ?? '', icon: r.meta?.icon ?? '', group: r.path.startsWith('settings/') ? '设置' : '' }))
}

/** Where a role lands after signing in: the first page of its menu. */
export function homeFor(role: string): string {
  return menuFor(role)[0]?.path ?? '/login'
}
