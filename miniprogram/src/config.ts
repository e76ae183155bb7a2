/** Where the CareDesk server answers `/api/mp/*`. The one place to change it: a local server for WeChat
 * DevTools (tick "不校验合法域名"), the clinic's HTTPS domain (listed under 服务器域名 › request) for release. */
export const API_BASE = 'http://localhost:3000'
