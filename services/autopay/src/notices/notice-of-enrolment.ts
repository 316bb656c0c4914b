/**
 * SQL: notice `n` was sent to enrolment `e` of its account (the one there is
 * now), so it binds `e` (a reminder's promised date) or spares it another.
 * By the enrolment it names: not by its time, which a pass still recording
 * the previous holder's notice while a new holder enrols can place after the
 * new enrolment began (one clock reading apart, or two hosts' clocks). A
 * notice recorded before notices named their enrolment (-infinity) goes by
 * its time, as all did then.
 */
export function noticeOfEnrolment(n: string, e: string): string {
  return `(${n}.enrolled_at = ${e}.enrolled_at OR (${n}.enrolled_at = '-infinity' AND ${n}.sent_at >= ${e}.enrolled_at))`;
}
