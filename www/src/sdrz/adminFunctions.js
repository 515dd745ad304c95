// The functions of an organisation's admin (功能列表 of the manual), each
// with its page, the permission module it needs and the kinds of
// organisation that have it. The admin home lists those the admin may open;
// the router refuses the others (a direct visit shows why).
//
// Permission modules (GET /api/v1/org → modules; the super admin holds all):
//   account_review 账户审核, info_review 信息修改审核, org_info 单位资料管理,
//   admins 直属账户管理 (admins and roles), suborgs 下级单位管理, and later
//   ones (personnel 人员管理, hours 学时管理, courses 课程管理) whose pages
//   come with their issues.
import * as reviews from './api/reviews.js'

export const MODULE_LABELS = Object.freeze({
  account_review: '账户审核',
  info_review: '信息修改审核',
  org_info: '单位资料管理',
  admins: '直属账户管理',
  suborgs: '下级单位管理',
  personnel: '人员管理',
  hours: '学时管理',
  courses: '课程管理',
})

const HRB = ['hrb_city', 'hrb_district']
const ALL = ['hrb_city', 'hrb_district', 'dept', 'unit', 'base']

/** 单位资料管理 as each chapter of the manual calls it. */
export function orgInfoLabel(kind) {
  if (kind === 'dept') return '基本信息修改'
  if (HRB.includes(kind)) return '基本信息维护'
  return '单位资料管理'
}

/** The group of admin and subtree functions: 账户管理 for HR bureaus. */
export function accountsGroupLabel(kind) {
  return HRB.includes(kind) ? '账户管理' : '直属账户管理'
}

// The org-registration queues (审核) and the subtree lists (管理), by the
// API's `type`.
export const ORG_TYPES = Object.freeze({
  hrb: { noun: '人社部门', review: '人社部门审核', manage: '人社部门管理' },
  dept: { noun: '主管部门', review: '主管部门审核', manage: '主管部门管理' },
  unit: { noun: '用人单位', review: '用人单位审核', manage: '用人单位管理' },
  branch: { noun: '下级单位', review: '下级单位审核', manage: '下级单位管理' },
  base: { noun: '继续教育基地', review: '继续教育基地审核', manage: '继续教育基地管理' },
})

/**
 * Every function: key, label and text (strings or kind → string), path,
 * module, kinds, group ('info' | 'accounts' | 'review' | 'personnel' | 'hours' |
 * 'courses'), icon (an Element
 * Plus icon name, resolved by the admin home), count (the queue of
 * api/reviews.js whose pending items the admin home counts, with the query
 * that selects them).
 */
export const ADMIN_FUNCTIONS = Object.freeze([
  {
    key: 'org-info',
    label: orgInfoLabel,
    path: '/admin/org',
    module: 'org_info',
    kinds: ALL,
    group: 'info',
    icon: 'OfficeBuilding',
    text: (kind) =>
      kind === 'hrb_city'
        ? '查看和修改本单位注册时录入的基本信息。'
        : '查看和修改注册时录入的基本信息;修改单位名称、统一社会信用代码或更换上级部门须经上级审核。',
  },
  {
    key: 'admins',
    label: '管理员',
    path: '/admin/admins',
    module: 'admins',
    kinds: ALL,
    group: 'accounts',
    icon: 'Avatar',
    text: '变更单位管理员:新增管理员、设为超级管理员、分配角色、删除管理员。',
  },
  {
    key: 'roles',
    label: '角色管理',
    path: '/admin/roles',
    module: 'admins',
    kinds: ALL,
    group: 'accounts',
    icon: 'Key',
    text: '新增、编辑、删除角色,为角色分配权限模块;新增管理员前需先新增角色。',
  },
  {
    key: 'suborgs',
    label: '下级单位管理',
    path: '/admin/suborgs',
    module: 'suborgs',
    kinds: ['unit', 'dept'],
    group: 'accounts',
    icon: 'Share',
    listType: '',
    text: '管理已审核通过的下级单位:查看单位详细信息和管理员,移除管理员权限。',
  },
  {
    key: 'hrbs',
    label: '人社部门管理',
    path: '/admin/orgs/hrbs',
    module: 'suborgs',
    kinds: ['hrb_city'],
    group: 'accounts',
    icon: 'Stamp',
    listType: 'hrb',
    text: '查看管理区(县)人社部门的注册信息和管理员。',
  },
  {
    key: 'depts',
    label: '主管部门管理',
    path: '/admin/orgs/depts',
    module: 'suborgs',
    kinds: HRB,
    group: 'accounts',
    icon: 'Briefcase',
    listType: 'dept',
    text: '查看本区域所有主管部门的注册信息,按名称、性质、级别筛选。',
  },
  {
    key: 'units',
    label: '用人单位管理',
    path: '/admin/orgs/units',
    module: 'suborgs',
    kinds: HRB,
    group: 'accounts',
    icon: 'OfficeBuilding',
    listType: 'unit',
    text: '管理下属用人单位的基本信息,查看单位详细,移除管理员权限。',
  },
  {
    key: 'bases',
    label: '继续教育基地管理',
    path: '/admin/orgs/bases',
    module: 'suborgs',
    kinds: HRB,
    group: 'accounts',
    icon: 'School',
    listType: 'base',
    text: '管理继续教育基地的基本信息,按名称、所属行业、级别筛选。',
  },
  {
    key: 'registration-reviews',
    label: '注册人员审核',
    path: '/admin/reviews/registrations',
    module: 'account_review',
    kinds: ALL,
    group: 'review',
    icon: 'UserFilled',
    count: { queue: reviews.personnelRegistrations, query: {} },
    text: '审核本单位专业技术人员的注册信息,可批量通过或驳回;查看和删除审核记录。',
  },
  {
    key: 'hrb-reviews',
    label: '人社部门审核',
    path: '/admin/reviews/hrbs',
    module: 'account_review',
    kinds: ['hrb_city'],
    group: 'review',
    icon: 'Stamp',
    reviewType: 'hrb',
    count: { queue: reviews.orgRegistrations, query: { type: 'hrb' } },
    text: '审核区(县)人社部门的注册信息,批量通过或驳回。',
  },
  {
    key: 'dept-reviews',
    label: '主管部门审核',
    path: '/admin/reviews/depts',
    module: 'account_review',
    kinds: HRB,
    group: 'review',
    icon: 'Briefcase',
    reviewType: 'dept',
    count: { queue: reviews.orgRegistrations, query: { type: 'dept' } },
    text: '审核本区域主管部门的注册信息,批量通过或驳回。',
  },
  {
    key: 'unit-reviews',
    label: '用人单位审核',
    path: '/admin/reviews/units',
    module: 'account_review',
    kinds: [...HRB, 'dept'],
    group: 'review',
    icon: 'OfficeBuilding',
    reviewType: 'unit',
    count: { queue: reviews.orgRegistrations, query: { type: 'unit' } },
    text: '审核所属用人单位的注册信息,可按名称查询,批量通过或驳回。',
  },
  {
    key: 'branch-reviews',
    label: '下级单位审核',
    path: '/admin/reviews/branches',
    module: 'account_review',
    kinds: ['unit'],
    group: 'review',
    icon: 'Share',
    reviewType: 'branch',
    count: { queue: reviews.orgRegistrations, query: { type: 'branch' } },
    text: '审核下级单位(分公司)的注册信息,批量通过或驳回,查看单位详细信息。',
  },
  {
    key: 'base-reviews',
    label: '继续教育基地审核',
    path: '/admin/reviews/bases',
    module: 'account_review',
    kinds: HRB,
    group: 'review',
    icon: 'School',
    reviewType: 'base',
    count: { queue: reviews.orgRegistrations, query: { type: 'base' } },
    text: '审核继续教育基地的注册信息,批量通过或驳回。',
  },
  {
    key: 'org-changes',
    label: '机构信息修改审验',
    path: '/admin/reviews/org-changes',
    module: 'info_review',
    kinds: [...HRB, 'dept', 'unit'],
    group: 'review',
    icon: 'DocumentChecked',
    count: { queue: reviews.orgChanges, query: {} },
    text: '审验下级单位修改统一社会信用代码、单位名称和更换上级部门的申请,查看变更明细。',
  },
  // ---- personnel (issue 5) ----
  {
    key: 'profile-changes',
    label: '人员信息修改审核',
    path: '/admin/reviews/profile-changes',
    module: 'info_review',
    kinds: ALL,
    group: 'review',
    icon: 'EditPen',
    count: { queue: reviews.profileChanges, query: {} },
    text: '审核本单位及下级单位人员修改的工作部门和职称信息,对照修改前后信息和证明附件,批量通过或驳回。',
  },
  {
    key: 'transfer-reviews',
    label: '调入审核',
    path: '/admin/reviews/transfers',
    module: 'account_review',
    kinds: [...HRB, 'dept', 'unit'],
    group: 'review',
    icon: 'Switch',
    count: { queue: reviews.transfers, query: {} },
    text: '其他单位人员申请调入本单位的,确认接收或驳回;接收后该人员即属于本单位。',
  },
  {
    key: 'personnel',
    label: '人员管理',
    path: '/admin/personnel',
    module: 'personnel',
    kinds: ALL,
    group: 'personnel',
    icon: 'User',
    text: '查询本单位及下级单位的专业技术人员,更正人员的姓名和证件号。',
  },
  {
    key: 'transfers',
    label: '调转记录',
    path: '/admin/transfers',
    module: 'account_review',
    kinds: ALL,
    group: 'personnel',
    icon: 'Tickets',
    text: '查看本单位人员调出和其他单位人员调入的申请及结果。',
  },
  // ---- hours (issue 6) ----
  {
    key: 'declaration-reviews',
    label: '学时申报审核',
    path: '/admin/reviews/declarations',
    module: 'hours',
    kinds: ALL,
    group: 'hours',
    icon: 'Finished',
    count: { queue: reviews.declarations, query: {} },
    text: '审核本单位及下级单位人员申报的继续教育学时,查看申报信息和证明材料,批量通过或驳回;通过后学时计入当年度记录。',
  },
  {
    key: 'hours-query',
    label: '继续教育学时查询',
    path: '/admin/hours',
    module: 'hours',
    kinds: ALL,
    group: 'hours',
    icon: 'DataAnalysis',
    text: '按年度、地区、单位、姓名和证件号查询专业技术人员的认定学时和是否合格,为人员录入学时。',
  },
  {
    key: 'certificates',
    label: '电子证书查询验证',
    path: '/admin/certificates',
    module: 'hours',
    kinds: HRB,
    group: 'hours',
    icon: 'Medal',
    text: '通过证件号和姓名查询专业技术人员本年度的学习情况和电子证书,撤销有误的证书。',
  },
  {
    key: 'hour-rules',
    label: '学时规则',
    path: '/admin/hours/rules',
    module: 'hours',
    kinds: ['hrb_city'],
    group: 'hours',
    icon: 'Timer',
    text: '设置每个年度的继续教育学时要求:总学时、专业科目和公需科目的最低学时。',
  },
  {
    key: 'study-forms',
    label: '学习形式管理',
    path: '/admin/hours/forms',
    module: 'hours',
    kinds: ['hrb_city'],
    group: 'hours',
    icon: 'Notebook',
    text: '维护可申报的学习形式:申报时录入的信息、学时认定规则、年度上限、查重和证明材料要求。',
  },
  // ---- courses (issue 11) ----
  {
    key: 'videos',
    label: '视频管理',
    path: '/admin/videos',
    module: 'courses',
    kinds: [...HRB, 'base'],
    group: 'courses',
    icon: 'VideoCamera',
    text: '上传课程视频(MP4,支持断点续传),查看转码进度;转码完成的视频可在课程小节中使用。',
  },
  {
    key: 'course-classes',
    label: '公需科目管理',
    path: '/admin/courses',
    module: 'courses',
    kinds: HRB,
    group: 'courses',
    icon: 'Reading',
    text: (kind) =>
      kind === 'hrb_city'
        ? '新建和编辑年度公需科目培训班:课程、小节、视频和考试设置;发布后学员即可报名学习,修改已发布的培训班将生成新版本;查看学员的学习进度。'
        : '查看市人社局发布的公需科目培训班及其课程、小节和考试设置,查看学员的学习进度。',
  },
  {
    key: 'question-banks',
    label: '题库管理',
    path: '/admin/banks',
    module: 'courses',
    kinds: HRB,
    group: 'courses',
    icon: 'Collection',
    text: (kind) =>
      kind === 'hrb_city'
        ? '维护小节考试的题库:单选题、多选题、判断题及答案解析,按标签组织;可下载模板批量导入试题。'
        : '查看市人社局的考试题库和试题。',
  },
])

export const FUNCTIONS_BY_KEY = Object.freeze(Object.fromEntries(ADMIN_FUNCTIONS.map((f) => [f.key, f])))

/** The description of a function for an organisation kind. */
export function functionText(fn, kind) {
  return typeof fn.text === 'function' ? fn.text(kind) : fn.text
}

/** The label of a function for an organisation kind. */
export function functionLabel(fn, kind) {
  return typeof fn.label === 'function' ? fn.label(kind) : fn.label
}

/**
 * Why the admin of `org` (GET /api/v1/org) may not open `fn`: a Chinese
 * sentence, or '' when they may.
 */
export function refusal(fn, org) {
  if (!org) return '无法确认您的管理权限,请重新登录后再试。'
  if (!fn.kinds.includes(org.kind)) return `本单位没有“${functionLabel(fn, org.kind)}”功能。`
  const modules = Array.isArray(org.modules) ? org.modules : []
  if (!modules.includes(fn.module)) {
    return `您没有“${MODULE_LABELS[fn.module] || fn.module}”权限,不能使用“${functionLabel(fn, org.kind)}”。如需使用,请联系本单位超级管理员分配角色。`
  }
  return ''
}

/** The functions the admin of `org` may open, in the order above. */
export function allowedFunctions(org) {
  return ADMIN_FUNCTIONS.filter((fn) => !refusal(fn, org))
}

const KIND_NAMES = {
  hrb_city: '市人社部门',
  hrb_district: '区(县)人社部门',
  dept: '主管部门',
  unit: '用人单位',
  base: '继续教育基地',
}

/** What an organisation is (a unit under a unit is a 下级单位). */
export function orgKindLabel(org) {
  if (!org) return ''
  if (org.kind === 'unit' && org.parent_kind === 'unit') return '下级单位'
  return KIND_NAMES[org.kind] || org.kind || ''
}
