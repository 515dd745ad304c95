// The shared logic of an approver's queue (注册人员审核, 用人单位审核, …,
// 机构信息修改审验): the 待审核 / 已审核 tabs, paging, the selection, batch
// decisions with their answer item by item, and deleting a decided record
// from the history. `queue` is one of api/reviews.js ({list, decide,
// remove?}); components/ReviewQueue.vue is the page built on this.
//
//   const q = useReviewQueue(reviews.orgRegistrations, {
//     query: () => ({ type: 'unit', name: applied.name }),  // the filters
//     key: (row) => row.review.id,                          // the review id
//     label: (row) => row.name,                             // for messages
//   })
import { computed, ref } from 'vue'

export const REVIEW_STATUS = Object.freeze({
  pending: { label: '待审核', type: 'warning' },
  approved: { label: '审核通过', type: 'success' },
  rejected: { label: '已驳回', type: 'danger' },
})

/** A time as the API gives it ('2026-01-02 03:04:05.678'), to the second. */
export const time = (v) => (v ? String(v).slice(0, 19) : '')

export function useReviewQueue(queue, { query = () => ({}), key = (row) => row.id, label = (row) => row.name } = {}) {
  const tab = ref('pending')
  const page = ref(1)
  const size = ref(20)
  const total = ref(0)
  const items = ref([])
  const loading = ref(false)
  const error = ref('')
  const selection = ref([])
  const deciding = ref(false)
  const decided = computed(() => tab.value === 'decided')

  // Only the answer to the latest request counts.
  let serial = 0

  async function load() {
    const mine = ++serial
    loading.value = true
    error.value = ''
    try {
      const answer = await queue.list({ ...query(), status: tab.value, page: page.value, size: size.value })
      if (mine !== serial) return
      // A page emptied by decisions: step back to the last page that has rows.
      if (answer.items.length === 0 && answer.total > 0 && page.value > 1) {
        page.value = Math.max(1, Math.ceil(answer.total / size.value))
        return load()
      }
      items.value = answer.items
      total.value = answer.total
    } catch (err) {
      if (mine !== serial) return
      error.value = err.message
      items.value = []
      total.value = 0
    } finally {
      if (mine === serial) loading.value = false
    }
  }

  /** From the first page again (new filters). */
  function search() {
    page.value = 1
    selection.value = []
    return load()
  }

  function switchTab() {
    selection.value = []
    page.value = 1
    return load()
  }

  function resize() {
    page.value = 1
    return load()
  }

  /**
   * Decides `rows`; returns { decision, done, failed, results: [{ id, ok,
   * code?, message?, name }] } or null when the request failed (its message
   * is shown).
   */
  async function decide(rows, decision, reason) {
    deciding.value = true
    try {
      const answer = await queue.decide(rows.map(key), decision, reason)
      const names = new Map(rows.map((r) => [key(r), label(r)]))
      await load()
      return {
        decision,
        done: answer.done,
        failed: answer.failed,
        results: (answer.results || []).map((r) => ({ ...r, name: names.get(r.id) || `#${r.id}` })),
      }
    } catch (err) {
      ElMessage.error(err.message)
      return null
    } finally {
      deciding.value = false
    }
  }

  /** Deletes a decided record from the history after a confirmation. */
  async function remove(row, message) {
    try {
      await ElMessageBox.confirm(message, '删除审核记录', {
        type: 'warning',
        confirmButtonText: '删除',
        cancelButtonText: '取消',
      })
    } catch {
      return false
    }
    try {
      await queue.remove(key(row))
      ElMessage.success('审核记录已删除')
      await load()
      return true
    } catch (err) {
      ElMessage.error(err.message)
      return false
    }
  }

  return { tab, page, size, total, items, loading, error, selection, deciding, decided, load, search, switchTab, resize, decide, remove }
}
