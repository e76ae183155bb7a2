import type { Deps } from '../deps.ts'
import { isDuplicateKeyError } from '../errors.ts'
import type { WecomApiClient } from './api-client.ts'
import { wecomContactWayModel, type WecomContactWayDoc } from './models.ts'

/**
 * A 联系我 QR code per clinic for the counter: externalcontact/add_contact_way with type 1 (one
 * staff member), scene 2 (QR code) and the clinic code as `state`, which comes back in the
 * add-contact event, so the new member lands at the clinic whose code they scanned. Made once per
 * clinic: the clinic's row is inserted before WeCom is asked (its unique _id lets one caller in),
 * and WeCom's config_id is kept — API-made codes do not show in the admin console.
 */

export interface ContactWayView {
  clinicCode: string
  clinicName: string
  /** The QR code image URL to print; null while another request is creating it. */
  qrCode: string | null
  configId: string | null
  createdAt: string | null
}

const CREATING_STALE_MS = 5 * 60_000

/** The clinics to make 联系我 codes for (the caller reads them: platform knows no clinics). */
export interface ContactWayClinic {
  code: string
  name: string
  shortName?: string | null
}

export async function ensureContactWays(deps: Pick<Deps, 'db' | 'log'>, client: WecomApiClient, userId: string, clinics: readonly ContactWayClinic[]): Promise<{ items: ContactWayView[]; total: number }> {
  const Way = wecomContactWayModel(deps.db)
  const items: ContactWayView[] = []
  for (const clinic of clinics) {
    let way = await Way.findById(clinic.code).lean<WecomContactWayDoc>()
    if (way?.status === 'creating' && Date.now() - way.createdAt.getTime() > CREATING_STALE_MS) {
      await Way.deleteOne({ _id: clinic.code, status: 'creating', createdAt: way.createdAt }) // its creator died mid-way
      way = null
    }
    if (!way) way = await create(clinic.code, clinic.shortName || clinic.name)
    items.push({
      clinicCode: clinic.code,
      clinicName: clinic.name,
      qrCode: way?.qrCode ?? null,
      configId: way?.configId ?? null,
      createdAt: way?.status === 'ready' ? way.createdAt.toISOString() : null,
    })
  }
  return { items, total: items.length }

  async function create(clinicCode: string, remark: string): Promise<WecomContactWayDoc | null> {
    try {
      await Way.create({ _id: clinicCode, status: 'creating', userId, createdAt: new Date() })
    } catch (err) {
      if (!isDuplicateKeyError(err)) throw err
      return Way.findById(clinicCode).lean<WecomContactWayDoc>() // someone else is creating it
    }
    try {
      const answer = await client.post<{ config_id?: string; qr_code?: string }>('/cgi-bin/externalcontact/add_contact_way', {
        type: 1,
        scene: 2,
        state: clinicCode, // ≤ 30 characters; comes back as State in the add-contact event
        user: [userId],
        skip_verify: true,
        remark: remark.slice(0, 30),
      })
      await Way.updateOne({ _id: clinicCode }, { $set: { status: 'ready', configId: answer.config_id, qrCode: answer.qr_code, createdAt: new Date() } })
      deps.log.info({ clinicCode }, 'WeCom 联系我 QR code created')
      return Way.findById(clinicCode).lean<WecomContactWayDoc>()
    } catch (err) {
      await Way.deleteOne({ _id: clinicCode, status: 'creating' }) // let the next request try again
      throw err
    }
  }
}
