/**
 * Downloading a file the API answers (the .xlsx reports): a plain link cannot carry the login
 * token, so the file is fetched with it and handed to the browser as a blob with the API's name.
 */
import { ApiError, friendlyMessage } from './api.ts'
import { token } from './session.ts'

/** The file name from Content-Disposition: the UTF-8 `filename*` (Chinese) first, else `filename`. */
function fileNameOf(disposition: string | null, fallback: string): string {
  if (!disposition) return fallback
  const utf8 = /filename\*=UTF-8''([^;]+)/i.exec(disposition)
  if (utf8) {
    try {
      return decodeURIComponent(utf8[1])
    } catch {
      /* fall through to the plain name */
    }
  }
  return /filename="?([^";]+)"?/i.exec(disposition)?.[1] ?? fallback
}

/** Fetches `path` with the login token and saves it; answers the file name. Throws ApiError like api.ts. */
export async function downloadFile(path: string, fallbackName: string): Promise<string> {
  const bearer = token()
  let response: Response
  try {
    response = await fetch(path, { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} })
  } catch {
    throw new ApiError(0, 'network', '无法连接服务器，请检查网络。', 'network error')
  }
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { error?: { code?: string; message?: string } } | null
    const code = body?.error?.code ?? `http_${response.status}`
    const apiMessage = body?.error?.message ?? response.statusText
    throw new ApiError(response.status, code, friendlyMessage(response.status, code, apiMessage), apiMessage)
  }
  const name = fileNameOf(response.headers.get('content-disposition'), fallbackName)
  const url = URL.createObjectURL(await response.blob())
  const link = document.createElement('a')
  link.href = url
  link.download = name
  document.body.appendChild(link)
  link.click()
  link.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
  return name
}
