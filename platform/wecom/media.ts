import { createHash } from 'node:crypto'
import type { Connection } from 'mongoose'
import { isDuplicateKeyError } from '../errors.ts'
import { isTransientWecomError, NETWORK_ERROR, WecomApiError, type UploadFile, type WecomApiClient } from './api-client.ts'
import { wecomMediaModel, type WecomMediaDoc } from './models.ts'

/**
 * Pictures that WeCom wants as a media_id rather than a URL: a mini-program card's cover
 * (add_msg_template `pic_media_id`, kf/send_msg `thumb_media_id`) and a 微信客服 image
 * (kf/send_msg `media_id`). CareDesk fetches the picture from its https URL and uploads it as
 * temporary media (media/upload, type image: JPG or PNG up to 10 MB; the media_id lives 3 days).
 */

const MAX_IMAGE_BYTES = 10 * 1024 * 1024
const DOWNLOAD_TIMEOUT_MS = 15_000
/** An upload is reused for a day: well inside the 3 days WeCom keeps it, whenever the task is confirmed. */
const REUSE_MS = 24 * 3600_000

/** The picture could not be fetched or is not one WeCom takes; `transient` when trying later may help. */
export class MediaError extends Error {
  constructor(
    readonly transient: boolean,
    readonly reason: string,
    message: string,
  ) {
    super(message)
    this.name = 'MediaError'
  }
}

/** JPG or PNG by their first bytes (a CDN's content-type is often generic). */
function imageType(bytes: Uint8Array): { contentType: string; extension: string } | null {
  if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return { contentType: 'image/png', extension: '.png' }
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return { contentType: 'image/jpeg', extension: '.jpg' }
  return null
}

export async function downloadImage(url: string): Promise<UploadFile> {
  let response: Response
  try {
    response = await fetch(url, { signal: AbortSignal.timeout(DOWNLOAD_TIMEOUT_MS), redirect: 'follow' })
  } catch (err) {
    throw new MediaError(true, 'image_unreachable', `${url}: ${err instanceof Error ? err.message : String(err)}`)
  }
  if (!response.ok) throw new MediaError(response.status >= 500 || response.status === 429, 'image_unavailable', `${url} answered HTTP ${response.status}`)
  if (Number(response.headers.get('content-length') ?? 0) > MAX_IMAGE_BYTES) throw new MediaError(false, 'image_too_large', `${url} is larger than WeCom's 10 MB`)
  const bytes = new Uint8Array(await response.arrayBuffer())
  if (bytes.length > MAX_IMAGE_BYTES) throw new MediaError(false, 'image_too_large', `${url} is larger than WeCom's 10 MB`)
  const type = imageType(bytes)
  if (!type) throw new MediaError(false, 'not_jpg_or_png', `${url} is not a JPG or PNG picture`)
  return { bytes, contentType: type.contentType, filename: `image${type.extension}` }
}

/** A media_id for the picture at `url`: one uploaded within the last day, or a fresh upload. */
export async function uploadedImageId(db: Connection, client: WecomApiClient, url: string): Promise<string> {
  const Media = wecomMediaModel(db)
  const key = `image:${createHash('sha256').update(url).digest('hex')}`
  const cached = await Media.findById(key).lean<WecomMediaDoc>()
  // WeCom's clock, not the business clock: the media_id expires in real time.
  if (cached && Date.now() - cached.uploadedAt.getTime() < REUSE_MS) return cached.mediaId
  const file = await downloadImage(url)
  const answer = await client.upload<{ media_id?: string }>('/cgi-bin/media/upload', { type: 'image' }, file)
  if (!answer.media_id) throw new WecomApiError(NETWORK_ERROR, 'media/upload answered without a media_id', '/cgi-bin/media/upload')
  // Two instances uploading at once both get a valid id; the later write wins.
  await Media.updateOne({ _id: key }, { $set: { url, mediaId: answer.media_id, uploadedAt: new Date() } }, { upsert: true }).catch((err) => {
    if (!isDuplicateKeyError(err)) throw err
  })
  return answer.media_id
}

/** How a failed fetch or upload reads: whether trying later may help, and a reason for the delivery. */
export function mediaFailure(err: unknown): { transient: boolean; reason: string } {
  if (err instanceof MediaError) return { transient: err.transient, reason: `${err.reason}: ${err.message}` }
  if (err instanceof WecomApiError) return { transient: isTransientWecomError(err), reason: `upload_failed: ${err.message}` }
  return { transient: true, reason: `upload_failed: ${err instanceof Error ? err.message : String(err)}` }
}
