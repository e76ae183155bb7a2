import { describe, expect, it } from 'vitest'
import { contactSettings, kfSettings, wecomAppSettings } from '../../platform/wecom/settings.ts'
import { ConfigError, loadConfig } from '../../platform/config.ts'

const app = {
  WECOM_CORP_ID: 'wwcorp',
  WECOM_AGENT_SECRET: 'secret',
  WECOM_TOKEN: 'token',
  WECOM_ENCODING_AES_KEY: 'a'.repeat(43),
}

describe('WeCom settings', () => {
  it('with no WECOM_ settings WeCom is off, and the defaults are WeCom’s published limits', () => {
    const config = loadConfig({})
    expect(wecomAppSettings(config)).toBeNull()
    expect(config).toMatchObject({ WECOM_API_BASE: 'https://qyapi.weixin.qq.com', WECOM_KF_WINDOW_HOURS: 48, WECOM_KF_MAX_REPLIES: 5, WECOM_WELCOME_CODE_SECONDS: 20 })
  })

  it('a partial app configuration stops the start naming the missing setting', () => {
    const { WECOM_TOKEN: _, ...withoutToken } = app
    expect(() => loadConfig(withoutToken)).toThrow(ConfigError)
    expect(() => loadConfig(withoutToken)).toThrow(/WECOM_TOKEN/)
    expect(() => loadConfig({ WECOM_KF_OPEN_KFID: 'wk1' })).toThrow(/WECOM_CORP_ID/)
    expect(() => loadConfig({ ...app, WECOM_ENCODING_AES_KEY: 'too-short' })).toThrow(/WECOM_ENCODING_AES_KEY/)
  })

  it('each channel is on only with its own setting: 客户联系 with the sender, 微信客服 with the kf account', () => {
    expect(contactSettings(loadConfig(app))).toBeNull()
    expect(kfSettings(loadConfig(app))).toBeNull()
    expect(contactSettings(loadConfig({ ...app, WECOM_SENDER_USERID: 'zhangsan' }))).toMatchObject({ senderUserId: 'zhangsan' })
    expect(kfSettings(loadConfig({ ...app, WECOM_KF_OPEN_KFID: 'wk1', WECOM_SENDER_USERID: 'zhangsan' }))).toMatchObject({ openKfId: 'wk1', servicerUserId: 'zhangsan' })
  })
})
