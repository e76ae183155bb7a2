import { api, failedState } from '../../api'
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
      this.setData({ status: 'loading' })
      try {
        const item = caseLine(await api<MpCase>('GET', `/api/mp/complaints/${encodeURIComponent(this.data.number)}`))
        this.setData({ status: 'ready', item })
      } catch (err) {
        this.setData(failedState(err))
      }
    },
  },
})
