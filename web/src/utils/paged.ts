// A cursor-paged list on a page (API.md lists): the first page, "load more", and a reload.
import { onMounted, ref, watch, type Ref, type WatchSource } from 'vue'
import { failure } from './feedback'
import { markInteractive } from './marks'

export function usePagedList<T>(fetchPage: (cursor: string | undefined) => Promise<{ items?: T[]; next_cursor?: string | null }>) {
  const items = ref([]) as Ref<T[]>
  const cursor = ref<string | null>(null)
  const loading = ref(false)

  async function load(more = false) {
    loading.value = true
    try {
      const page = await fetchPage(more ? (cursor.value ?? undefined) : undefined)
      items.value = more ? [...items.value, ...(page.items ?? [])] : (page.items ?? [])
      cursor.value = page.next_cursor ?? null
    } catch (e) {
      failure(e)
    } finally {
      loading.value = false
      markInteractive()
    }
  }

  return { items, cursor, loading, load, more: () => load(true) }
}

/** A paged list loaded when the page mounts and again whenever ``source`` changes (a person, a year). */
export function usePagedListOf<T>(
  source: WatchSource | WatchSource[],
  fetchPage: (cursor: string | undefined) => Promise<{ items?: T[]; next_cursor?: string | null }>,
) {
  const list = usePagedList(fetchPage)
  onMounted(() => list.load())
  watch(source, () => list.load())
  return list
}
