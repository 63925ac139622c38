/*
 * lib/base/version.h - Tessera's version: the kernel's boot banner, the
 * host runner's and wasi-run's --version.
 */
#ifndef BASE_VERSION_H
#define BASE_VERSION_H

#define TESSERA_VERSION "0.1"

#endif /* BASE_VERSION_H */
