import type { Config } from '../config.ts'

/**
 * The WeCom settings this instance runs with, or null where a feature is off. platform/config.ts
 * already refused a partial app configuration, so "present" here means "meant".
 */
export interface WecomAppSettings {
  corpId: string
  secret: string
  token: string
  encodingAesKey: string
  apiBase: string
}

export function wecomAppSettings(config: Config): WecomAppSettings | null {
  if (!config.WECOM_CORP_ID || !config.WECOM_AGENT_SECRET || !config.WECOM_TOKEN || !config.WECOM_ENCODING_AES_KEY) return null
  return {
    corpId: config.WECOM_CORP_ID,
    secret: config.WECOM_AGENT_SECRET,
    token: config.WECOM_TOKEN,
    encodingAesKey: config.WECOM_ENCODING_AES_KEY,
    apiBase: config.WECOM_API_BASE.replace(/\/+$/, ''),
  }
}

/** 客户联系: on when the app is configured and a staff member owns the contacts. */
export function contactSettings(config: Config): { app: WecomAppSettings; senderUserId: string; welcomeCodeSeconds: number } | null {
  const app = wecomAppSettings(config)
  if (!app || !config.WECOM_SENDER_USERID) return null
  return { app, senderUserId: config.WECOM_SENDER_USERID, welcomeCodeSeconds: config.WECOM_WELCOME_CODE_SECONDS }
}

export interface KfSettings {
  app: WecomAppSettings
  openKfId: string
  /** Who takes over a handed-off chat; null: the 待接入池 (state 2). */
  servicerUserId: string | null
  windowHours: number
  maxReplies: number
  welcomeCodeSeconds: number
}

/** 微信客服: on when the app is configured and the kf account is named. */
export function kfSettings(config: Config): KfSettings | null {
  const app = wecomAppSettings(config)
  if (!app || !config.WECOM_KF_OPEN_KFID) return null
  return {
    app,
    openKfId: config.WECOM_KF_OPEN_KFID,
    servicerUserId: config.WECOM_KF_SERVICER_USERID ?? config.WECOM_SENDER_USERID ?? null,
    windowHours: config.WECOM_KF_WINDOW_HOURS,
    maxReplies: config.WECOM_KF_MAX_REPLIES,
    welcomeCodeSeconds: config.WECOM_WELCOME_CODE_SECONDS,
  }
}
