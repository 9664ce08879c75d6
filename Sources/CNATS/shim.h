// Debian's libnats 3.4.1 (the NATS C client; JetStream API included).
#include <nats/nats.h>
