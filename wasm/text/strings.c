/*
 * wasm/text/strings.c - the bytes of a string token (its escapes
 * resolved), for the lexer ($"..." identifiers, annotation ids) and the
 * parser (names, data strings, a script's strings).  Split from lexer.c:
 * the lexer has already checked every escape and the UTF-8, so this
 * decodes without checking (see text.h).
 */
#include "base/num.h"
#include "wasm/text/text.h"

/*
 * The bytes of a string token, escapes resolved, in arena memory with a
 * trailing NUL; false when out of memory.
 */
bool text_string(struct text_arena *ar, const struct text_tok *t, uint8_t **out,
		 size_t *len)
{
	const char *p = t->s, *end = t->s + t->len;
	if (t->kind == TOK_ID)
		p++; /* $"..." */
	p++;
	end--;
	uint8_t *o = text_arena_alloc(ar, (size_t)(end - p) + 1);
	if (!o)
		return false;
	size_t n = 0;
	while (p < end) {
		if (*p != '\\') {
			o[n++] = (uint8_t)*p++;
			continue;
		}
		char e = p[1];
		p += 2;
		switch (e) {
		case 't':
			o[n++] = '\t';
			break;
		case 'n':
			o[n++] = '\n';
			break;
		case 'r':
			o[n++] = '\r';
			break;
		case '"':
			o[n++] = '"';
			break;
		case '\'':
			o[n++] = '\'';
			break;
		case '\\':
			o[n++] = '\\';
			break;
		case 'u': {
			uint32_t cp = 0;
			p++; /* { */
			while (*p != '}') {
				if (*p != '_')
					cp = cp * 16 +
					     (uint32_t)num_digit(*p, 16);
				p++;
			}
			p++;
			if (cp < 0x80) {
				o[n++] = (uint8_t)cp;
			} else if (cp < 0x800) {
				o[n++] = (uint8_t)(0xc0 | (cp >> 6));
				o[n++] = (uint8_t)(0x80 | (cp & 0x3f));
			} else if (cp < 0x10000) {
				o[n++] = (uint8_t)(0xe0 | (cp >> 12));
				o[n++] = (uint8_t)(0x80 | ((cp >> 6) & 0x3f));
				o[n++] = (uint8_t)(0x80 | (cp & 0x3f));
			} else {
				o[n++] = (uint8_t)(0xf0 | (cp >> 18));
				o[n++] = (uint8_t)(0x80 | ((cp >> 12) & 0x3f));
				o[n++] = (uint8_t)(0x80 | ((cp >> 6) & 0x3f));
				o[n++] = (uint8_t)(0x80 | (cp & 0x3f));
			}
			break;
		}
		default:
			o[n++] = (uint8_t)(num_digit(e, 16) * 16 +
					   num_digit(*p, 16));
			p++;
			break;
		}
	}
	o[n] = 0;
	*out = o;
	*len = n;
	return true;
}
