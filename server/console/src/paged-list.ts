import { ref, type Ref } from 'vue'
import { errorText, type Page } from './api.ts'

/**
 * A paged table's state: rows, total, the page (1-based) and its size, loading and the error to
 * show. `fetchPage` asks the API for one page with the filters of the caller's own refs.
 * `load(true)` refreshes in the background (polling): no spinner, and an error shows only until
 * the next success.
 */
export function usePagedList<T>(fetchPage: (window: { limit: number; offset: number }) => Promise<Page<T>>) {
  const rows = ref([]) as Ref<T[]>
  const total = ref(0)
  const current = ref(1)
  const pageSize = ref(20)
  const loading = ref(false)
  const error = ref('')

  async function load(background = false) {
    if (!background) {
      loading.value = true
      error.value = ''
    }
    try {
      const page = await fetchPage({ limit: pageSize.value, offset: (current.value - 1) * pageSize.value })
      rows.value = page.items
      total.value = page.total
      error.value = ''
    } catch (err) {
      error.value = errorText(err)
    } finally {
      loading.value = false
    }
  }

  /** From the first page again (the filters changed). */
  function search() {
    current.value = 1
    void load()
  }

  /** The table's pagination moved. */
  function onPage({ current: page, pageSize: size }: { current: number; pageSize: number }) {
    current.value = page
    pageSize.value = size
    void load()
  }

  return { rows, total, current, pageSize, loading, error, load, search, onPage }
}

/** What PagedTable shows. */
export type PagedList<T> = ReturnType<typeof usePagedList<T>>
