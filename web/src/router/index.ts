// History mode under /console/ (Flask answers index.html for every such path).
import { createRouter, createWebHistory } from 'vue-router'
import { session } from '@/store/session'
import { allowed, CONSOLE_ROLES, homeFor, routes } from './routes'

export const router = createRouter({ history: createWebHistory('/console/'), routes })

router.beforeEach((to) => {
  document.title = to.meta.title ? `${to.meta.title} · 驻村通管理后台` : '驻村通管理后台'
  if (to.meta.public) return true
  if (!session.token) return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
  if (!CONSOLE_ROLES.includes(session.role)) {
    session.clear('管理后台供第一书记、镇（街道）书记、市驻村办和派出单位使用，工作队员请在驻村通小程序中办理')
    return { name: 'login' }
  }
  if (to.name === 'home' || !allowed(to.meta.roles, session.role)) return homeFor(session.role)
  return true
})
