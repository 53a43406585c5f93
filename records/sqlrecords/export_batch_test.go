package sqlrecords

// KindList is the batch listing job's kind, for tests that look at the
// queue.
const KindList = kindList
