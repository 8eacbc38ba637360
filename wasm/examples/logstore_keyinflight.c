/* logstore promising only what TicKV does ("a failure to write key K will corrupt at most only K"): an
 * overwrite logs a removal of the old value, then the new value, so a cut between the two loses the key in
 * flight and nothing else. The atomic contract catches it; the key-in-flight contract accepts it. */
#define LOGSTORE_REMOVE_FIRST 1
#include "logstore.c"
