// Debian's liblmdb 0.9.24.
#include <lmdb.h>
