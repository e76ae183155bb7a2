import { api, loadPage, listState } from './api'

type Handlers = Record<string, (this: WechatMiniprogram.Component.TrivialInstance, e: WechatMiniprogram.TouchEvent) => void>

/**
 * A page listing the member's own records from `path` (complaints, surveys to fill): loaded on
 * opening, and again on coming back from a form or a survey, whose outcome belongs in the list.
 * `handlers` are the page's taps.
 */
export function ownListPage<T>(path: string, line: (item: T) => Record<string, unknown>, handlers: Handlers) {
  Component({
    data: { status: 'loading', errorText: '', errorCode: '', items: [] as Array<Record<string, unknown>> },
    methods: {
      onLoad() {
        this.load()
      },
      onShow() {
        if (this.data.status !== 'loading') this.load()
      },
      async load() {
        await loadPage(this, async () => {
          const { items } = await api<{ items: T[] }>('GET', path)
          return listState(items.map(line))
        })
      },
      ...handlers,
    },
  })
}
