/*
 * kernel/devices.c - finds the UART, PLIC, RTC, test finisher and the ISA
 * extensions in the device tree (lib/fdt validates and bounds-checks every
 * read; anything malformed is skipped, never trusted).
 */
#include "kernel/devices.h"
#include <string.h>

#include "fdt/fdt.h"

static struct devices devs; /* write-once at boot, see devices.h */

const struct devices *devices(void)
{
	return &devs;
}

struct walk {
	const struct fdt *fdt;
	struct devices *out;
	unsigned boot_hart;
	/* phandle -> hart id of each cpu's interrupt controller */
	uint32_t intc_phandle[BOOT_MAX_HARTS];
	bool intc_valid[BOOT_MAX_HARTS];
	uint32_t plic_node;
	bool plic_found;
	uint32_t plic_parent;
};

static bool compatible(const struct fdt *fdt, uint32_t node, const char *c)
{
	const uint8_t *d;
	uint32_t len;
	if (fdt_get_prop(fdt, node, "compatible", &d, &len))
		return false;
	return fdt_prop_has_string(d, len, c);
}

static bool first_reg(const struct fdt *fdt, uint32_t parent, uint32_t node,
		      uint64_t *base, uint64_t *size)
{
	uint32_t ac, sc;
	if (fdt_cells(fdt, parent, &ac, &sc))
		return false;
	return fdt_reg(fdt, node, ac, sc, 0, base, size) == ERR_OK &&
	       *size != 0;
}

/* ISA strings look like "rv64imafdch_zicsr_..._sstc". */
static bool isa_has(const char *isa, size_t len, const char *ext)
{
	size_t el = strlen(ext);
	for (size_t i = 0; i + el <= len; i++) {
		if (isa[i] != '_' || memcmp(isa + i + 1, ext, el) != 0)
			continue;
		if (i + 1 + el == len || isa[i + 1 + el] == '_' ||
		    isa[i + 1 + el] == 0)
			return true;
	}
	return false;
}

static void probe_cpus(struct walk *w)
{
	const struct fdt *fdt = w->fdt;
	uint32_t cpus, cpu;
	bool all = true, any = false;
	if (fdt_path(fdt, "/cpus", &cpus))
		return;
	uint32_t tb;
	if (fdt_get_u32(fdt, cpus, "timebase-frequency", &tb) == ERR_OK)
		w->out->timebase = tb;
	uint32_t ac, sc;
	if (fdt_cells(fdt, cpus, &ac, &sc))
		return;
	for (err_t e = fdt_first_child(fdt, cpus, &cpu); e == ERR_OK;
	     e = fdt_next_sibling(fdt, cpu, &cpu)) {
		const char *type;
		if (fdt_get_string(fdt, cpu, "device_type", &type) ||
		    strcmp(type, "cpu") != 0 || !fdt_node_okay(fdt, cpu))
			continue;
		uint64_t id, sz;
		if (fdt_reg(fdt, cpu, ac, sc, 0, &id, &sz) ||
		    id >= BOOT_MAX_HARTS)
			continue;
		const uint8_t *isa;
		uint32_t len;
		if (fdt_get_prop(fdt, cpu, "riscv,isa", &isa, &len) == ERR_OK &&
		    len > 0) {
			any = true;
			size_t l = strnlen((const char *)isa, len);
			if (!isa_has((const char *)isa, l, "sstc"))
				all = false;
			if (id == w->boot_hart) {
				size_t c = MIN(l, sizeof(w->out->isa) - 1);
				memcpy(w->out->isa, isa, c);
				w->out->isa[c] = 0;
			}
		} else {
			all = false;
		}
		uint32_t intc, ph;
		if (fdt_subnode(fdt, cpu, "interrupt-controller", &intc) ==
			    ERR_OK &&
		    fdt_get_u32(fdt, intc, "phandle", &ph) == ERR_OK) {
			w->intc_phandle[id] = ph;
			w->intc_valid[id] = true;
		}
	}
	w->out->all_sstc = any && all;
}

static void probe_node(struct walk *w, uint32_t parent, uint32_t node,
		       unsigned depth)
{
	const struct fdt *fdt = w->fdt;
	struct devices *d = w->out;
	uint64_t base, size;
	uint32_t v;
	if (depth > FDT_MAX_DEPTH)
		return;
	if (fdt_node_okay(fdt, node)) {
		if (!d->have_uart && compatible(fdt, node, "ns16550a") &&
		    first_reg(fdt, parent, node, &base, &size)) {
			d->have_uart = true;
			d->uart_phys = base;
			d->uart_size = size;
			if (fdt_get_u32(fdt, node, "interrupts", &v) == ERR_OK)
				d->uart_irq = v;
			if (fdt_get_u32(fdt, node, "reg-shift", &v) == ERR_OK &&
			    v <= 2)
				d->uart_reg_shift = v;
			if (fdt_get_u32(fdt, node, "clock-frequency", &v) ==
			    ERR_OK)
				d->uart_clock = v;
		} else if (!w->plic_found &&
			   (compatible(fdt, node, "riscv,plic0") ||
			    compatible(fdt, node, "sifive,plic-1.0.0")) &&
			   first_reg(fdt, parent, node, &base, &size)) {
			w->plic_found = true;
			w->plic_node = node;
			d->plic_phys = base;
			d->plic_size = size;
			if (fdt_get_u32(fdt, node, "riscv,ndev", &v) == ERR_OK)
				d->plic_ndev = v > 1023 ? 1023 : v;
		} else if (!d->have_rtc &&
			   compatible(fdt, node, "google,goldfish-rtc") &&
			   first_reg(fdt, parent, node, &base, &size)) {
			d->have_rtc = true;
			d->rtc_phys = base;
			d->rtc_size = size;
		} else if (!d->have_finisher &&
			   (compatible(fdt, node, "sifive,test0") ||
			    compatible(fdt, node, "sifive,test1")) &&
			   first_reg(fdt, parent, node, &base, &size)) {
			d->have_finisher = true;
			d->finisher_phys = base;
			d->finisher_size = size;
		} else if (compatible(fdt, node, "virtio,mmio") &&
			   first_reg(fdt, parent, node, &base, &size)) {
			if (d->virtio_count < DEVICES_MAX_VIRTIO) {
				struct devices_mmio *m =
					&d->virtio[d->virtio_count];
				m->phys = base;
				m->size = size;
				if (fdt_get_u32(fdt, node, "interrupts", &v) ==
				    ERR_OK)
					m->irq = v;
			}
			d->virtio_count++;
		}
	}
	uint32_t child;
	for (err_t e = fdt_first_child(fdt, node, &child); e == ERR_OK;
	     e = fdt_next_sibling(fdt, child, &child))
		probe_node(w, node, child, depth + 1);
}

/* interrupts-extended = <phandle irq>...: context i is pair i; the
 * supervisor external interrupt is 9. */
static void probe_plic_contexts(struct walk *w)
{
	const uint8_t *p;
	uint32_t len;
	struct devices *d = w->out;
	if (fdt_get_prop(w->fdt, w->plic_node, "interrupts-extended", &p, &len))
		return;
	for (uint32_t i = 0; (i + 1) * 8 <= len; i++) {
		uint32_t ph = fdt_be32(p + i * 8),
			 irq = fdt_be32(p + i * 8 + 4);
		if (irq != 9)
			continue;
		for (unsigned h = 0; h < BOOT_MAX_HARTS; h++)
			if (w->intc_valid[h] && w->intc_phandle[h] == ph &&
			    d->plic_context[h] < 0)
				d->plic_context[h] = (int)i;
	}
	d->have_plic = true;
}

err_t devices_probe(const void *blob, size_t size, unsigned boot_hart,
		    struct devices *out)
{
	struct fdt fdt;
	memset(out, 0, sizeof(*out));
	for (unsigned i = 0; i < BOOT_MAX_HARTS; i++)
		out->plic_context[i] = -1;
	err_t err = fdt_init(&fdt, blob, size);
	if (err)
		return err;
	static struct walk w; /* boot hart only, once: too big for the stack */
	memset(&w, 0, sizeof(w));
	w.fdt = &fdt;
	w.out = out;
	w.boot_hart = boot_hart;
	probe_cpus(&w);
	probe_node(&w, fdt.root, fdt.root, 0);
	if (w.plic_found)
		probe_plic_contexts(&w);
	if (out == &devs)
		return ERR_OK;
	devs = *out;
	return ERR_OK;
}
