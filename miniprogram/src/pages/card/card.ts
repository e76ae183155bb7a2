import { api, failedState } from '../../api'
import { dateTimeText } from '../../dates'
import { me } from '../../member'

interface CardCode { code: string; expiresAt: string; refreshAfterSeconds: number }
interface PointsEntry { id: string; deltaPoints: number; balanceAfter: number; reason: string; at: string }

/** Each page instance's pending refresh of its member code, and whether the page is on screen. */
const refreshTimers = new WeakMap<object, number>()
const onScreen = new WeakSet<object>()

Component({
  data: { status: 'loading', errorText: '', errorCode: '', member: null as any, code: '', codeExpiresText: '', balance: 0, history: [] as any[], historyTotal: 0 },
  lifetimes: {
    detached() {
      this.leave()
    },
  },
  methods: {
    onLoad() {
      onScreen.add(this)
      this.load()
    },
    onShow() {
      if (onScreen.has(this)) return
      onScreen.add(this)
      // Back after onHide: the code may have expired meanwhile.
      if (this.data.status === 'ready') this.refreshCode().catch(() => this.setData({ code: '', codeExpiresText: '' }))
    },
    onHide() {
      this.leave()
    },
    onUnload() {
      this.leave()
    },
    leave() {
      onScreen.delete(this)
      this.stopRefresh()
    },
    async load() {
      this.setData({ status: 'loading' })
      try {
        const [member, points] = await Promise.all([me(), api<{ balance: number; items: PointsEntry[]; total: number }>('GET', '/api/mp/points?limit=20&offset=0')])
        const history = points.items.map((e) => ({ ...e, delta: e.deltaPoints > 0 ? `+${e.deltaPoints}` : String(e.deltaPoints), atText: dateTimeText(e.at) }))
        this.setData({ member, balance: points.balance, history, historyTotal: points.total })
        await this.refreshCode()
        this.setData({ status: 'ready' })
      } catch (err) {
        this.setData(failedState(err))
      }
    },
    /** The member code is signed and short-lived: fetch a fresh one before the counter could be shown a stale one. */
    async refreshCode() {
      this.stopRefresh()
      const card = await api<CardCode>('GET', '/api/mp/card-code')
      if (!onScreen.has(this)) return // hidden while the code was on its way: no timer for an unseen page
      this.setData({ code: card.code, codeExpiresText: dateTimeText(card.expiresAt) })
      const timer = setTimeout(() => {
        refreshTimers.delete(this)
        this.refreshCode().catch(() => this.setData({ code: '', codeExpiresText: '' }))
      }, card.refreshAfterSeconds * 1000)
      refreshTimers.set(this, timer as unknown as number)
    },
    stopRefresh() {
      const timer = refreshTimers.get(this)
      if (timer !== undefined) clearTimeout(timer)
      refreshTimers.delete(this)
    },
  },
})
