package dev.snaplife.platform.slots;

import java.time.Instant;
import java.util.List;

/**
 * A limited number of slots per pool, shared by every replica of a service, and the line of work
 * waiting for one: how a service keeps within an AWS limit on work in flight (RDS allows so many
 * cross-region copies per destination, five exports per account) without spinning. A holder that
 * frees a slot wakes the longest-waiting one.
 */
public interface Slots {

  /** Takes one of the pool's {@code limit} slots for this holder; true if it holds one now. */
  boolean acquire(String pool, String holder, int limit);

  /** Gives the holder's slot back; a holder with none is a no-op. */
  void release(String pool, String holder);

  /** The holders of the pool's slots: the work in flight. */
  List<String> holders(String pool);

  /** Puts the holder in the pool's line, once, with the time it started waiting. */
  void addWaiting(String pool, String holder, Instant since);

  void removeWaiting(String pool, String holder);

  /** The pool's waiting holders, longest-waiting first. */
  List<String> waiting(String pool);
}
