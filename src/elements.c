#include "elements.h"

#include <pthread.h>
#include <string.h>

static const char *const symbols[119] = { "",
	"H", "He", "Li", "Be", "B", "C", "N", "O", "F", "Ne",
	"Na", "Mg", "Al", "Si", "P", "S", "Cl", "Ar", "K", "Ca",
	"Sc", "Ti", "V", "Cr", "Mn", "Fe", "Co", "Ni", "Cu", "Zn",
	"Ga", "Ge", "As", "Se", "Br", "Kr", "Rb", "Sr", "Y", "Zr",
	"Nb", "Mo", "Tc", "Ru", "Rh", "Pd", "Ag", "Cd", "In", "Sn",
	"Sb", "Te", "I", "Xe", "Cs", "Ba", "La", "Ce", "Pr", "Nd",
	"Pm", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb",
	"Lu", "Hf", "Ta", "W", "Re", "Os", "Ir", "Pt", "Au", "Hg",
	"Tl", "Pb", "Bi", "Po", "At", "Rn", "Fr", "Ra", "Ac", "Th",
	"Pa", "U", "Np", "Pu", "Am", "Cm", "Bk", "Cf", "Es", "Fm",
	"Md", "No", "Lr", "Rf", "Db", "Sg", "Bh", "Hs", "Mt", "Ds",
	"Rg", "Cn", "Nh", "Fl", "Mc", "Lv", "Ts", "Og",
};

/* Symbols are one or two letters, so a 26 x 27 table maps them directly.
 * Filled once per process (pthread_once), then only read. */
static unsigned char by_letters[26][27];
static pthread_once_t table_once = PTHREAD_ONCE_INIT;

static void build_table(void)
{
	int z;
	for (z = 1; z <= 118; z++) {
		const char *s = symbols[z];
		by_letters[s[0] - 'A'][s[1] ? s[1] - 'a' + 1 : 0] = (unsigned char)z;
	}
}

int cp_element_number(const char *sym)
{
	pthread_once(&table_once, build_table);
	if (sym[0] < 'A' || sym[0] > 'Z')
		return 0;
	if (sym[1] == '\0')
		return by_letters[sym[0] - 'A'][0];
	if (sym[1] < 'a' || sym[1] > 'z' || sym[2] != '\0')
		return 0;
	return by_letters[sym[0] - 'A'][sym[1] - 'a' + 1];
}

const char *cp_element_symbol(int z)
{
	return z >= 1 && z <= 118 ? symbols[z] : NULL;
}
