package com.payonce.workflows.order;

/** How a channel call is retried: the two roles of the channel activities. */
enum Patience {
  /** A caller waits for it, or the next poll repeats it: a few quick tries. */
  QUICK,
  /** Background work that must finish (confirming events, refunds): retried until it does. */
  UNTIL_DONE
}
