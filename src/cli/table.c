#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <chokepoint/chokepoint.h>

#include "cli.h"
#include "table.h"

int cli_text_width(const char *s)
{
	int w = 0;
	for (; *s; s++)
		w += ((unsigned char)*s & 0xC0) != 0x80;
	return w;
}

void cli_padded(FILE *f, const char *s, int width)
{
	int w = cli_text_width(s);
	fputs(s, f);
	for (; w < width; w++)
		fputc(' ', f);
}

void cli_padded_right(FILE *f, const char *s, int width)
{
	int w = cli_text_width(s);
	for (; w < width; w++)
		fputc(' ', f);
	fputs(s, f);
}


int cli_parse_sort(const char *cmd, const char *arg, cp_sort *out)
{
	static const char *const names[] = { "file", "disruption", "value", "id" };
	int i;
	for (i = 0; i < 4; i++)
		if (strcmp(arg, names[i]) == 0) {
			*out = (cp_sort)i;
			return 0;
		}
	cli_usage_error(cmd, "--sort takes disruption, value, id or file, got '%s'", arg);
	return -1;
}

void cli_groups_csv(FILE *f, const cp_result *r, const cp_table_opts *t)
{
	int32_t *order = malloc(((size_t)r->n_groups + 1) * sizeof *order), n, j;
	if (!order) {
		fprintf(stderr, "chokepoint: out of memory\n");
		return;
	}
	n = cp_result_order(r, t->sort, 1, order);
	if (t->top > 0 && t->top < n)
		n = t->top;
	fputs("sector,disruption,value_at_risk,weighted,nodes\n", f);
	for (j = 0; j < n; j++) {
		const cp_sector_group *gr = &r->groups[order[j]];
		cp_csv_field(f, cp_graph_str(r->g, gr->sector));
		fputc(',', f);
		cp_csv_number(f, gr->disruption);
		fputc(',', f);
		cp_csv_number(f, gr->value_at_risk);
		fprintf(f, ",%s,%d\n", gr->weighted ? "true" : "false", gr->n_nodes);
	}
	free(order);
}
