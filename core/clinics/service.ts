import type { Connection } from 'mongoose'
import { notFound } from '../../platform/errors.ts'
import { clinicModel, type ClinicDoc } from './model.ts'
import { SEED_CLINICS } from './seed.ts'

export interface ClinicView {
  code: string
  name: string
  shortName: string
  kind: 'eye' | 'dental' | 'aesthetic'
  region: 'local' | 'remote'
  phone: string
  emergencyPhone: string
  address: string
  hours: string
  location: { latitude: number; longitude: number } | null
}

export function presentClinic(doc: ClinicDoc): ClinicView {
  return {
    code: doc.code,
    name: doc.name,
    shortName: doc.shortName ?? doc.name,
    kind: doc.kind,
    region: doc.region,
    phone: doc.phone,
    emergencyPhone: doc.emergencyPhone,
    address: doc.address,
    hours: doc.hours,
    location: doc.location?.latitude != null && doc.location.longitude != null ? { latitude: doc.location.latitude, longitude: doc.location.longitude } : null,
  }
}

export async function listClinics(db: Connection): Promise<ClinicView[]> {
  const docs = await clinicModel(db).find().sort({ code: 1 }).lean<ClinicDoc[]>()
  return docs.map(presentClinic)
}

/** The clinic new customers belong to unless a QR code or the account says otherwise: BOT_CLINIC_CODE, else the first. */
export function defaultClinicCode(config: { BOT_CLINIC_CODE?: string }, clinics: readonly Pick<ClinicView, 'code'>[]): string {
  return config.BOT_CLINIC_CODE ?? clinics[0]?.code ?? 'BJ01'
}

/** The first clinic whose code is one of `codes`, tried in order (unset or unknown ones skipped), else the first clinic. */
export function clinicByCode<C extends Pick<ClinicView, 'code'>>(clinics: readonly C[], ...codes: Array<string | null | undefined>): C {
  for (const code of codes) {
    const clinic = code ? clinics.find((c) => c.code === code) : undefined
    if (clinic) return clinic
  }
  return clinics[0]
}

export async function getClinic(db: Connection, code: string): Promise<ClinicView> {
  const doc = await clinicModel(db).findOne({ code }).lean<ClinicDoc>()
  if (!doc) throw notFound('clinic_not_found', `No clinic with code ${code}.`)
  return presentClinic(doc)
}

/** Seeds the sandbox clinics into an empty database; upserts by code so two instances starting together agree. */
export async function seedClinicsIfEmpty(db: Connection): Promise<boolean> {
  const Clinic = clinicModel(db)
  if (await Clinic.exists({})) return false
  await Clinic.bulkWrite(
    SEED_CLINICS.map((clinic) => ({ updateOne: { filter: { code: clinic.code }, update: { $setOnInsert: clinic }, upsert: true } })),
  )
  return true
}
