import { dateText, dayText } from '../../dates'
import { ownListPage } from '../../own-list-page'
import type { MpSurvey } from '../../views'

const surveyLine = (s: MpSurvey) => ({ id: s.id, name: s.name, clinicName: s.clinicName, visitText: dayText(s.visitDay), expiresText: s.expiresAt ? dateText(s.expiresAt) : '' })

ownListPage<MpSurvey>('/api/mp/surveys', surveyLine, {
  open(e) {
    wx.navigateTo({ url: `/pages/survey/survey?id=${e.currentTarget.dataset.id}` })
  },
})
