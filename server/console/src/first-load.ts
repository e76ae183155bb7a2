import { onMounted, ref } from 'vue'
import { errorText } from './api.ts'

/** A page's load on opening: `loading` until `work` settles, then `error` says what went wrong, in the API's Chinese. */
export function useFirstLoad(work: () => Promise<void>) {
  const loading = ref(true)
  const error = ref('')
  onMounted(async () => {
    try {
      await work()
    } catch (err) {
      error.value = errorText(err)
    } finally {
      loading.value = false
    }
  })
  return { loading, error }
}
