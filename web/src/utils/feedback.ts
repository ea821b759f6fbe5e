// Messages and prompts of Element Plus, imported explicitly (with their styles) to stay tree-shaken.
import { ElMessage } from 'element-plus'
import 'element-plus/es/components/message/style/css'
import { ApiError } from '@/api/client'

export function success(message: string) {
  ElMessage({ type: 'success', message })
}

/** Show what went wrong, in Chinese: the API's message when it sent one. */
export function failure(error: unknown) {
  const message = error instanceof ApiError || error instanceof Error ? error.message : String(error)
  ElMessage({ type: 'error', message, duration: 6000 })
}
