/*
** raw.h - the file the preloaded profiler writes and "cescape profile" reads.
**
** Each profiled process writes $CESCAPE_PROFILE_OUT.<pid> when it exits,
** execs or calls _exit, replacing what it wrote before (a failed exec is
** followed by a complete file at exit). Text, one record per line:
**
**   cescape-profile 1
**   rate BYTES                   the sampling rate the process used
**   module BIAS START END BUILDID PATH
**                                an executable segment [START, END) of an
**                                ELF file loaded at BIAS (addresses minus
**                                BIAS are the file's virtual addresses);
**                                BUILDID is hex, "-" when the file has none
**   sample ALLOCS BYTES FREES FREED_BYTES PC...
**                                one call stack (innermost first, return
**                                addresses) and its sampled, unscaled
**                                allocations and the frees of those blocks
**
** Numbers are decimal, addresses hexadecimal without 0x.
*/
#ifndef CESCAPE_PROFILE_RAW_H
#define CESCAPE_PROFILE_RAW_H

/* The environment the profiler reads. */
#define CESCAPE_PROFILE_ENV_OUT "CESCAPE_PROFILE_OUT"
#define CESCAPE_PROFILE_ENV_RATE "CESCAPE_PROFILE_RATE"

/* Go's runtime.MemProfileRate: one sample per 512 KiB on average. */
#define CESCAPE_PROFILE_DEFAULT_RATE 524288

/* The first line of a raw profile. */
#define CESCAPE_PROFILE_MAGIC "cescape-profile 1"

/* Frames kept per sample, innermost first. */
#define CESCAPE_PROFILE_MAX_FRAMES 64

#endif
