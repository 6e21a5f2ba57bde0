/* SPDX-License-Identifier: GPL-2.0-or-later */
/* SPDX-FileCopyrightText: 2026 The sealtools authors */
/*
 * Unit tests for sealctl's JSON writer and the escaper under it: any
 * bytes give a valid document (checked by Python's json module, strict
 * UTF-8), strings of any length are kept whole, and what the writer
 * cannot write as asked (a number that is not one, containers too deep,
 * containers left open) still gives valid JSON.
 *
 * The writer is sealctl's own (cmd/sealctl/json.c), not in a library:
 * it is compiled into this test.
 */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "seal.h"
#include "tap.h"
#include "../../cmd/sealctl/json.c"

/* Python's verdict on the JSON text doc; with check, also that the
 * expression check (on the parsed document d) is true. */
static int python(const char *doc, size_t len, const char *check)
{
	char cmd[1024];
	FILE *p;

	snprintf(cmd, sizeof(cmd), "python3 -c 'import json, sys\n"
		 "d = json.loads(sys.stdin.buffer.read().decode(\"utf-8\", \"strict\"))\n"
		 "sys.exit(0 if (%s) else 3)'", check ? check : "True");
	p = popen(cmd, "w");
	if (!p)
		return -1;
	fwrite(doc, 1, len, p);
	return pclose(p);
}

static char *doc;
static size_t doc_len;

static FILE *open_doc(void)
{
	free(doc);
	doc = NULL;
	return open_memstream(&doc, &doc_len);
}

static void put_mem(void *ctx, const char *s, size_t n)
{
	fwrite(s, 1, n, ctx);
}

/* Random bytes, NUL aside, biased to the ones that need escaping. */
static void random_bytes(char *s, size_t n)
{
	static const char tricky[] = "\"\\\x01\x1f\x7f\x80\xbf\xc0\xe2\xf0\xf4\xff\n\t";
	size_t i;

	for (i = 0; i < n; i++) {
		s[i] = (char)(random() & 1 ? tricky[random() % (sizeof(tricky) - 1)] :
			      1 + random() % 255);
	}
	s[n] = '\0';
}

static void strings(void)
{
	size_t sizes[] = { 0, 1, 7, 100, SEAL_SMAPS_PATH_MAX - 1, SEAL_SMAPS_PATH_MAX, SEAL_SMAPS_PATH_MAX + 1,
			   3 * SEAL_SMAPS_PATH_MAX + 5 };
	char *s = malloc(3 * SEAL_SMAPS_PATH_MAX + 6);
	size_t i, k;
	FILE *f;

	/* Every byte value alone. */
	f = open_doc();
	fputc('[', f);
	for (i = 1; i < 256; i++) {
		char one[2] = { (char)i, 0 };

		if (i > 1)
			fputc(',', f);
		esc_json(one, put_mem, f);
	}
	fputc(']', f);
	fclose(f);
	ok(python(doc, doc_len, "len(d) == 255 and d[ord(\"A\") - 1] == \"A\" and "
		  "d[0x22 - 1] == \"\\\"\" and d[0xff - 1] == \"\\\\377\"") == 0,
	   "each byte alone: valid JSON, ASCII as it is, a stray byte as \\377");

	/* Random bytes of every size around the escaper's pieces. */
	srandom(26);
	f = open_doc();
	fputc('[', f);
	for (k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		for (i = 0; i < 4; i++) {
			random_bytes(s, sizes[k]);
			if (k || i)
				fputc(',', f);
			esc_json(s, put_mem, f);
		}
	}
	fputc(']', f);
	fclose(f);
	ok(python(doc, doc_len, "len(d) == 32") == 0, "random bytes, %zu to %zu long: valid JSON",
	   sizes[0], sizes[sizeof(sizes) / sizeof(sizes[0]) - 1]);

	/* Valid UTF-8 past one piece stays whole, even a character that
	 * straddles where a piece would end. */
	for (i = 0; i + 4 <= 2 * SEAL_SMAPS_PATH_MAX; i += 4)
		memcpy(s + i, "\xf0\x9f\x98\x80", 4);	/* U+1F600 */
	s[i] = '\0';
	memmove(s + 1, s, i + 1);
	s[0] = 'a';			/* now a character straddles SEAL_SMAPS_PATH_MAX */
	f = open_doc();
	esc_json(s, put_mem, f);
	fclose(f);
	ok(doc_len == i + 3 && memcmp(doc + 1, s, i + 1) == 0,
	   "%zu bytes of UTF-8 written as they are, across the pieces", i + 1);

	ok(esc_json_plain("plain text /x") == 13 && esc_json_plain("a\"b") == SIZE_MAX &&
	   esc_json_plain("a\\b") == SIZE_MAX && esc_json_plain("\x7f") == SIZE_MAX &&
	   esc_json_plain("\xc3\xa9") == SIZE_MAX && esc_json_plain("") == 0,
	   "esc_json_plain: printable ASCII but quote and backslash");
	free(s);
}

static void documents(void)
{
	char odd[64];
	struct json j;
	FILE *f;
	int depth;

	/* Keys and values of any bytes; numbers checked. */
	random_bytes(odd, 40);
	f = open_doc();
	json_begin(&j, f);
	json_string(&j, odd, odd);
	json_string(&j, "null", NULL);
	json_string(&j, "empty", "");
	json_number(&j, "n1", "12");
	json_number(&j, "n2", "-0.5e+3");
	json_number(&j, "n3", "99.5");
	json_number(&j, "bad1", "01");
	json_number(&j, "bad2", "1.");
	json_number(&j, "bad3", "nan");
	json_number(&j, "bad4", "");
	json_number(&j, "bad5", "1e");
	json_number(&j, "bad6", "1 2");
	json_u64(&j, "u", UINT64_MAX);
	json_i64(&j, "i", INT64_MIN);
	json_bool(&j, "t", true);
	json_array(&j, "empty_array");
	json_close(&j);
	json_object(&j, "empty_object");
	json_close(&j);
	json_array(&j, "rows");
	json_object(&j, NULL);
	json_bool(&j, "f", false);
	json_close(&j);
	json_object(&j, NULL);
	json_null(&j, "z");
	json_close(&j);
	json_close(&j);
	json_end(&j);
	fclose(f);
	ok(python(doc, doc_len, "d[\"n1\"] == 12 and d[\"n2\"] == -500 and d[\"n3\"] == 99.5 and "
		  "[d[\"bad%d\" % i] for i in range(1, 7)] == [None] * 6 and "
		  "d[\"null\"] is None and d[\"empty\"] == \"\" and "
		  "d[\"u\"] == 2**64 - 1 and d[\"i\"] == -2**63 and d[\"t\"] is True and "
		  "d[\"empty_array\"] == [] and d[\"empty_object\"] == {} and "
		  "d[\"rows\"] == [{\"f\": False}, {\"z\": None}] and len(d) == 18") == 0,
	   "a document of every kind of value: valid, numbers checked");
	ok(strstr(doc, "\"rows\": [\n      {\n         \"f\": false\n      },{\n") &&
	   strstr(doc, "\"empty_array\": [],\n"),
	   "util-linux's layout: a member a line, \"},{\" between objects, [] when empty");

	/* Too deep, and left open: still valid. */
	f = open_doc();
	json_begin(&j, f);
	json_array(&j, "deep");
	for (depth = 0; depth < 2 * JSON_DEPTH_MAX; depth++)
		json_array(&j, NULL);
	json_string(&j, NULL, "lost");
	json_object(&j, NULL);
	json_number(&j, "n", "1");
	json_end(&j);
	fclose(f);
	ok(python(doc, doc_len, "d[\"deep\"] == [[[[[[[None]]]]]]]") == 0,
	   "containers past the depth limit are null, and json_end() closes the rest");
}

int main(void)
{
	if (system("python3 -c 'import json' 2>/dev/null") != 0) {
		skip("no python3");
		return tap_done();
	}
	strings();
	documents();
	free(doc);
	return tap_done();
}
