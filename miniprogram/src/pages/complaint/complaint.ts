import { api, loadPage } from '../../api'
import { caseLine } from '../../cases'
import type { MpCase } from '../../views'

Component({
  data: { status: 'loading', errorText: '', errorCode: '', number: '', item: null as any },
  methods: {
    onLoad(query: Record<string, string | undefined>) {
      this.setData({ number: query.number ?? '' })
      this.load()
    },
    async load() {
      await loadPage(this, async () => {
        const item = caseLine(await api<MpCase>('GET', `/api/mp/complaints/${encodeURIComponent(this.data.number)}`))
        return { status: 'ready', item }
      })
    },
  },
})
