import { execFile } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../platform/config.ts'
import { startCareDesk } from '../../caredesk.ts'

const run = promisify(execFile)

describe('starting CareDesk', () => {
  it('a bad setting fails the start with a message naming it', async () => {
    const failure = await run('npx', ['tsx', 'main.ts'], {
      env: { ...process.env, PORT: 'eighty', DATA_DIR: mkdtempSync(join(tmpdir(), 'caredesk-bad-')) },
    }).catch((err: { code: number; stderr: string }) => err)
    expect(failure).toMatchObject({ code: 2 })
    expect((failure as { stderr: string }).stderr).toContain('Setting PORT is invalid ("eighty")')
  })

  it('config errors name the setting', () => {
    expect(() => loadConfig({ QUIET_HOURS: '9pm-8am' })).toThrowError(new ConfigError('QUIET_HOURS', 'is invalid ("9pm-8am"): must look like 21:00-08:30, or be empty'))
    expect(() => loadConfig({ BOT_PUPPET: 'service' })).toThrowError(/WECHATY_PUPPET_SERVICE_TOKEN/)
    expect(loadConfig({}).BOT_PUPPET).toBe('mock')
    expect(loadConfig({ QUIET_HOURS: '' }).QUIET_HOURS).toBeNull()
  })

  it('two app instances run at once, each with its own embedded database', async () => {
    const start = (name: string) =>
      startCareDesk({
        config: loadConfig({ PORT: '0', DATA_DIR: mkdtempSync(join(tmpdir(), `caredesk-${name}-`)), ADMIN_PASSWORD: 'admin-password-1', LOG_LEVEL: 'silent', MONGODB_URI: '' }),
      })
    const [a, b] = await Promise.all([start('a'), start('b')])
    try {
      expect(a.database.embedded).not.toBeNull()
      expect(a.database.embedded!.uri).not.toBe(b.database.embedded!.uri)
      for (const app of [a, b]) {
        expect(await (await fetch(`${app.url}/healthz`)).json()).toEqual({ ok: true, db: 'up' })
      }
      const login = async (url: string) =>
        ((await (await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'admin-password-1' }) })).json()) as { token: string }).token
      const created = await fetch(`${a.url}/api/staff`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await login(a.url)}` },
        body: JSON.stringify({ username: 'only.in.a', name: '甲', password: 'long-enough-1', roles: ['agent'] }),
      })
      expect(created.status).toBe(201)
      const listB = (await (await fetch(`${b.url}/api/staff`, { headers: { authorization: `Bearer ${await login(b.url)}` } })).json()) as { items: { username: string }[] }
      expect(listB.items.map((s) => s.username)).toEqual(['admin'])
    } finally {
      await Promise.all([a.stop(), b.stop()])
    }
    // stopped means the database is gone too
    await expect(fetch(`${a.url}/healthz`)).rejects.toThrow()
  })
})
