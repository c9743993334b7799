"""Peak memory of the measuring process itself."""

import resource


def peak_mb() -> float:
    """This process's resident high-water mark in MB.

    VmHWM belongs to this program's own address space; ru_maxrss would also
    carry the high-water mark of the process that started it (the generator,
    or the benchmark with a province's rows loaded).
    """
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
