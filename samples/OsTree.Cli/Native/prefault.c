/*
 * Linked into the Native AOT otree only (see OsTree.Cli.csproj). Before main, the runtime copies about 2.5 MiB of
 * type data into the executable's zero-initialized segment (NativeAOT "rehydration"), and each of those ~640 pages
 * is then a separate page fault. On the virtual machines this project runs on a fault costs 15-30 us, which made
 * those faults most of otree's start-up; one madvise(MADV_POPULATE_WRITE) maps the whole range in a single call.
 * Kernels before 5.14 refuse the advice (EINVAL) and the pages fault in as before.
 */
#define _GNU_SOURCE
#include <link.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif

static int otree_populate_bss(struct dl_phdr_info *info, size_t size, void *data)
{
    (void)size;
    (void)data;
    uintptr_t page = (uintptr_t)sysconf(_SC_PAGESIZE);
    for (int i = 0; i < info->dlpi_phnum; i++) {
        const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
        if (ph->p_type != PT_LOAD || !(ph->p_flags & PF_W) || ph->p_memsz <= ph->p_filesz)
            continue;
        /* The part of the writable segment past its file contents: .bss and .hydrated. */
        uintptr_t start = (info->dlpi_addr + ph->p_vaddr + ph->p_filesz + page - 1) & ~(page - 1);
        uintptr_t end = (info->dlpi_addr + ph->p_vaddr + ph->p_memsz + page - 1) & ~(page - 1);
        if (end > start)
            (void)madvise((void *)start, end - start, MADV_POPULATE_WRITE);
    }
    return 1; /* The first object is the executable itself: stop there. */
}

__attribute__((constructor)) static void otree_prefault(void)
{
    dl_iterate_phdr(otree_populate_bss, NULL);
}
