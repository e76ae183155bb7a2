/**
 * One server-sent event stream per tab (GET /api/events; EventSource cannot send headers, so the
 * token goes as ?access_token=). Pages subscribe with onLive(); the stream reconnects by itself
 * (the server sends `retry:` and event ids) and is reopened after an error that closed it.
 */
import { reactive } from 'vue'
import type { Role } from './roles.ts'
import { hasAnyRole, token } from './session.ts'

export type LiveEventType = 'escalation' | 'emergency' | 'message' | 'claimed' | 'released' | 'appointment' | 'notification'
export interface LiveEvent {
  conversationId: string
  reason?: string
  priority?: number
  customerName?: string | null
  from?: string
  /** emergency: the conversation's status when it was raised (queued or held by an agent). */
  status?: string
  assignee?: string | null
  assigneeName?: string
  at?: string
  /** appointment: which request, and what happened to it (requested, confirmed, …). */
  appointmentId?: string
  kind?: string
  clinicCode?: string
  day?: string
  /** notification: whose bell it rings. */
  staffIds?: string[]
}
type Listener = (type: LiveEventType, event: LiveEvent) => void

/** The roles GET /api/events lets in (server/routes/events.ts). */
export const LIVE_ROLES: readonly Role[] = ['agent', 'supervisor', 'director', 'admin']
const TYPES: LiveEventType[] = ['escalation', 'emergency', 'message', 'claimed', 'released', 'appointment', 'notification']

export const live = reactive({ connected: false })
const listeners = new Set<Listener>()
let source: EventSource | null = null
let retryTimer: ReturnType<typeof setTimeout> | undefined

export function onLive(listener: Listener): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

export function startLive() {
  stopLive()
  const bearer = token()
  if (!bearer || !hasAnyRole(LIVE_ROLES)) return
  const stream = new EventSource(`/api/events?access_token=${encodeURIComponent(bearer)}`)
  source = stream
  stream.onopen = () => (live.connected = true)
  stream.onerror = () => {
    live.connected = false
    // A refused stream (e.g. 401) is closed for good by the browser: try again a little later.
    if (stream.readyState === EventSource.CLOSED && source === stream) retryTimer = setTimeout(startLive, 5000)
  }
  for (const type of TYPES) {
    stream.addEventListener(type, (message) => {
      let event: LiveEvent
      try {
        event = JSON.parse((message as MessageEvent<string>).data) as LiveEvent
      } catch {
        return
      }
      for (const listener of listeners) listener(type, event)
    })
  }
}

export function stopLive() {
  clearTimeout(retryTimer)
  source?.close()
  source = null
  live.connected = false
}

let audio: AudioContext | null = null
/** A short chime for a new escalation; three urgent beeps for an emergency. */
export function chime(urgent: boolean) {
  try {
    audio ??= new AudioContext()
    const ctx = audio
    const beeps = urgent ? [0, 0.22, 0.44] : [0]
    for (const start of beeps) {
      const osc = ctx.createOscillator()
      const gain = ctx.createGain()
      osc.frequency.value = urgent ? 1046 : 784
      gain.gain.setValueAtTime(0.0001, ctx.currentTime + start)
      gain.gain.exponentialRampToValueAtTime(0.25, ctx.currentTime + start + 0.02)
      gain.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + start + 0.18)
      osc.connect(gain).connect(ctx.destination)
      osc.start(ctx.currentTime + start)
      osc.stop(ctx.currentTime + start + 0.2)
    }
  } catch {
    /* no audio (autoplay rules, no device): the visual alert still shows */
  }
}
