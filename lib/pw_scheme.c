/*
 * pw_scheme.c: hashing and verifying userPassword values.
 */
#include <stddef.h>

#include "pw_scheme.h"

const char *const pw_scheme_names[] = {"crypt-sha512", "yescrypt", "ssha512",
                                       "ssha",         "argon2",   NULL};
