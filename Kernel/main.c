/*
 * kmain: the kernel's C entry, called by boot.S in long mode on the boot stack.
 *
 * Boot order, each step relying on the ones before it:
 *   console (serial + VGA) -> GDT/TSS -> IDT + PIC -> boot info (Multiboot 1 or 2)
 *   -> physical memory -> the kernel's own page tables -> clock (TSC + PIT tick)
 *   -> banner. Then either the self-tests (`selftest[=PATTERN]` on the command line)
 *   or the console.
 */
#include <stdint.h>

#include "Arch/x86_64/cpu.h"
#include "Arch/x86_64/gdt.h"
#include "Arch/x86_64/interrupts.h"
#include "Boot/boot_info.h"
#include "Boot/boot_modules.h"
#include "Devices/Console/console.h"
#include "Devices/Timer/clock.h"
#include "Kernel.h"
#include "Lib/cmdline.h"
#include "Lib/initcall.h"
#include "Lib/panic.h"
#include "Memory/paging.h"
#include "Memory/pmm.h"
#include "Devices/TTY/tty.h"
#include "Devices/Timer/rtc.h"
#include "FileSystem/DevFS/devfs.h"
#include "FileSystem/rootfs.h"
#include "Tasks/process.h"
#include "Tests/selftest.h"

static struct boot_info boot_info;
struct cmdline kernel_cmdline;
char kernel_cmdline_text[CMDLINE_MAX];

void mem_devices_init(void);

static char *init_argv[] = { "/sbin/init", NULL };
static char *const init_envp[] = { "HOME=/", "TERM=linux", "PATH=/bin:/sbin", NULL };

/* Processes need a root filesystem; without a module the kernel monitor stays. */
static void start_userland(void)
{
	const struct boot_module *root = boot_info.module_count ? &boot_info.modules[0] : NULL;
	const char *init = cmdline_get(&kernel_cmdline, "init");

	if (!root || cmdline_get(&kernel_cmdline, "monitor"))
		return;
	devfs_init();
	mem_devices_init();
	tty_init();
	initcalls_run();
	struct mnt_namespace *ns = rootfs_mount(root);
	if (init && *init)
		init_argv[0] = (char *)init;
	tasks_start_init(ns, init_argv[0], init_argv, init_envp);
}

static void print_memory(void)
{
	kprintf("memory: %lu MiB usable, %lu MiB free", pmm_total_pages() / 256, pmm_free_pages() / 256);
	for (int i = 0; i < boot_info.module_count; i++)
		kprintf(", module '%s' %lu KiB", boot_info.modules[i].name,
			(boot_info.modules[i].end - boot_info.modules[i].start) / 1024);
	kprintf("\n");
}

/* Deliberate crashes for the harness's own tests: `crash=pagefault|assert|triple`. */
static void maybe_crash(const char *how)
{
	if (!how)
		return;
	if (strcmp(how, "pagefault") == 0) {
		volatile uint64_t *volatile bad = (uint64_t *)0x10;
		*bad = 1;
	}
	if (strcmp(how, "assert") == 0)
		ASSERT(how == NULL);
	if (strcmp(how, "triple") == 0) {
		/* No IDT at all: the breakpoint cannot be delivered, nor the double fault. */
		struct {
			uint16_t limit;
			uint64_t base;
		} __attribute__((packed)) none = { 0, 0 };
		__asm__ volatile("lidt %0; int3" ::"m"(none));
	}
	kprintf("crash: unknown kind '%s'\n", how);
}

void kmain(uint32_t magic, uint32_t info_phys)
{
	clock_early_init();
	console_init();
	gdt_init();
	idt_init();
	syscall_init();
	if (boot_info_parse(&boot_info, magic, info_phys) < 0)
		panic("not started by a Multiboot loader (magic 0x%x)", magic);
	boot_modules_save(&boot_info);
	cmdline_parse(&kernel_cmdline, boot_info.cmdline);
	strlcpy(kernel_cmdline_text, boot_info.cmdline, sizeof(kernel_cmdline_text));
	pmm_init(&boot_info);
	paging_init();
	clock_init();
	rtc_init();
	kprintf("Atoll " ATOLL_VERSION " (x86_64), booted by %s via Multiboot%d in %lu us\n",
		boot_info.loader[0] ? boot_info.loader : "unknown loader", boot_info.protocol,
		clock_ns() / 1000);
	kprintf("cmdline: %s\n", boot_info.cmdline);
	print_memory();
	cpu_enable_interrupts();
	maybe_crash(cmdline_get(&kernel_cmdline, "crash"));
	if (cmdline_get(&kernel_cmdline, "selftest"))
		selftest_run(cmdline_get(&kernel_cmdline, "selftest"));
	start_userland();
	console_run();
}
