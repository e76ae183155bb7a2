import { describe, expect, it } from 'vitest'
import { sandboxCustomer, welcomedCustomer } from '../helpers/sandbox-driver.ts'
import { startTestApp } from '../helpers/test-app.ts'
import { conversationModel } from '../../core/conversations/model.ts'
import { findConversationByCustomer, recordInbound } from '../../core/conversations/service.ts'
import { guardedUpdate } from '../../platform/db/atomic.ts'

describe('a restart in the middle of a conversation', () => {
  it('a multi-turn dialog continues where it was after the app restarts', async () => {
    const dbName = `restart_${Date.now()}`
    const first = await startTestApp({ dbName })
    const before = await welcomedCustomer(first, { name: '赵女士' }, '欢迎')
    await before.sayAndWait('我想预约看眼睛', '哪一天')
    await first.stop()

    const second = await startTestApp({ dbName })
    try {
      const after = sandboxCustomer(second, before.id)
      await after.sayAndWait('后天上午', '手机号码')
      await after.sayAndWait('电话13700001111', '确认')
      await after.sayAndWait('确认', '预约申请已提交')
      const lines = await after.transcript()
      expect(lines.filter((l) => l.text.includes('满500减50'))).toHaveLength(1) // the welcome was not sent again
    } finally {
      await second.stop()
    }
  })

  it('a message left waiting by a process that died mid-turn is answered once when the app starts again', async () => {
    const dbName = `restart_turn_${Date.now()}`
    const first = await startTestApp({ dbName })
    const before = await welcomedCustomer(first, { name: '钱先生' }, '欢迎')
    await first.stop()

    // What a crash leaves: the message stored and queued, its turn held by a process that is gone.
    const offline = await startTestApp({ dbName, env: { BOT_ENABLED: 'false' } })
    const conversation = (await findConversationByCustomer(offline.deps.db, 'wechaty', before.id))!
    await recordInbound(offline.deps, conversation, { providerMessageId: 'crashed-turn-1', type: 'text', text: '我的积分有多少' })
    await guardedUpdate(offline.deps.db, conversationModel(offline.deps.db), conversation._id, () => ({ $set: { turn: { owner: 'a-process-that-died', until: new Date(Date.now() - 1000) } } }))
    await offline.stop()

    const second = await startTestApp({ dbName })
    try {
      const after = sandboxCustomer(second, before.id)
      await after.waitFor((line) => line.text.includes('会员等级'))
      const lines = await after.repliesSettled()
      expect(lines.filter((l) => l.text.includes('会员等级'))).toHaveLength(1)
      const left = await conversationModel(second.deps.db).findById(conversation._id).lean<{ inbox?: unknown[]; turn?: { owner?: string } }>()
      expect(left?.inbox).toBeUndefined()
      expect(left?.turn?.owner).toBeUndefined()
    } finally {
      await second.stop()
    }
  })
})
