import type { ClinicDoc } from './model.ts'

type SeedClinic = Omit<ClinicDoc, '_id' | 'createdAt' | 'updatedAt'>

/** The sandbox's clinics: two in Beijing (local, 京内) and two elsewhere (remote, 京外). Phone numbers are fictional; locations are GCJ-02 (what wx.openLocation takes). */
export const SEED_CLINICS: SeedClinic[] = [
  {
    code: 'BJ01',
    name: '北京朝阳眼科中心',
    shortName: '朝阳眼科',
    kind: 'eye',
    region: 'local',
    phone: '010-8555 0101',
    emergencyPhone: '010-8555 0120',
    address: '北京市朝阳区建国路 88 号 SOHO 现代城 2 层',
    hours: '周一至周日 08:30-17:30',
    location: { latitude: 39.9075, longitude: 116.4716 },
  },
  {
    code: 'BJ02',
    name: '北京海淀口腔医院',
    shortName: '海淀口腔',
    kind: 'dental',
    region: 'local',
    phone: '010-8555 0202',
    emergencyPhone: '010-8555 0220',
    address: '北京市海淀区中关村大街 27 号 1 层',
    hours: '周一至周六 09:00-18:00',
    location: { latitude: 39.9836, longitude: 116.3162 },
  },
  {
    code: 'SH01',
    name: '上海静安医疗美容医院',
    shortName: '静安医美',
    kind: 'aesthetic',
    region: 'remote',
    phone: '021-6555 0303',
    emergencyPhone: '021-6555 0320',
    address: '上海市静安区南京西路 1266 号 5 层',
    hours: '周一至周日 10:00-20:00',
    location: { latitude: 31.2297, longitude: 121.4521 },
  },
  {
    code: 'CD01',
    name: '成都锦江眼科中心',
    shortName: '锦江眼科',
    kind: 'eye',
    region: 'remote',
    phone: '028-8555 0404',
    emergencyPhone: '028-8555 0420',
    address: '成都市锦江区红星路三段 1 号 3 层',
    hours: '周一至周日 08:30-17:30',
    location: { latitude: 30.6571, longitude: 104.0817 },
  },
]
