import { describe, expect, it } from 'vitest'
import { sandboxCustomer, newSandboxCustomer } from '../helpers/sandbox-driver.ts'
import { startTestApp } from '../helpers/test-app.ts'

describe('a restart in the middle of a conversation', () => {
  it('a multi-turn dialog continues where it was after the app restarts', async () => {
    const dbName = `restart_${Date.now()}`
    const first = await startTestApp({ dbName })
    const before = await newSandboxCustomer(first, { name: '赵女士' })
    await before.addAccount()
    await before.waitFor((line) => line.text.includes('欢迎'))
    await before.say('我想预约看眼睛')
    await before.waitFor((line) => line.text.includes('哪一天'))
    await first.stop()

    const second = await startTestApp({ dbName })
    try {
      const after = sandboxCustomer(second, before.id)
      await after.say('后天上午')
      await after.waitFor((line) => line.text.includes('手机号码'))
      await after.say('电话13700001111')
      await after.waitFor((line) => line.text.includes('确认'))
      await after.say('确认')
      await after.waitFor((line) => line.text.includes('预约申请已提交'))
      const lines = await after.transcript()
      expect(lines.filter((l) => l.text.includes('满500减50'))).toHaveLength(1) // the welcome was not sent again
    } finally {
      await second.stop()
    }
  })
})
