/* nxus._native: the C accelerators of nXus (qbXML Ret elements -> JSON; XML text unescaping).
 *
 * 1. render(): the optional accelerator of nxus/resources/native.py (read that first). It walks the
 * libxml2 nodes of elements that lxml has already parsed (so well-formedness, entities and
 * hardening stay lxml's job) and writes each record's JSON with sorted keys, exactly as
 * `orjson.dumps(to_json(record), option=OPT_SORT_KEYS)` would, for the records it calls
 * regular. Anything it does not call regular (attributes or children where text is expected,
 * unexpected repeats, a number it cannot write exactly as the Python path does, non-ASCII
 * text where snake_case or a boolean must be computed, ...) yields None, and the caller
 * converts that one record with the Python reference path. So this module only has to be
 * right, never complete.
 *
 * Programs come from native.py as nested tuples (see compile_program there):
 *   shape  = (level, slots)
 *   level  = tuple of (name: bytes, repeats: bool, aggregate: bool, below: level | None)
 *   slots  = tuple of (key: bytes, kind: int, path: tuple[int, ...], extra)
 * `key` is the encoded `"alias":`; slots are in output (sorted) order; `path` holds one step
 * index per level. extra: CONST -> encoded value (bytes); NEST -> (shape, repeats: bool);
 * EACH -> leaf name (bytes); ENUM -> (((qb: bytes, encoded json: bytes), ...), snake: bool).
 *
 * 2. unescape(): the escaped qbXML text of a big receiveResponseXML body as an XML parser
 * reads it, in one pass (nxus/qbwc/envelope.py: its Python slices do the same, slower).
 */

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <libxml/tree.h>
#include <stdint.h>
#include <string.h>

/* The object layout of lxml.etree._Element (lxml's public C API, lxml/etree.h). setup()
 * checks it against the live type before anything is read through it. */
typedef struct {
    PyObject_HEAD
    void *_doc;
    xmlNode *_c_node;
    PyObject *_tag;
} LxmlElementObject;

enum {
    K_NULL = 0,
    K_CONST = 1,
    K_TEXT = 2,     /* plain text (string in the schema) */
    K_NUMBER = 3,   /* AMTTYPE, PRICETYPE, QUANTYPE, PERCENTTYPE, FLOATTYPE -> float */
    K_INT = 4,      /* INTTYPE -> int */
    K_BOOL = 5,     /* BOOLTYPE -> true/false */
    K_REF = 6,      /* XxxRef -> {"fullname", "id"} */
    K_ENUM = 7,     /* Enum(...) */
    K_TEXTONLY = 8, /* Text(...): the text, or null */
    K_NEST = 9,     /* Nest(...) */
    K_EACH = 10,    /* Each(...) */
    K_REFS = 11,    /* a repeated XxxRef -> [{"fullname", "id"}, ...] */
};

#define MAX_DEPTH 8
#define MAX_STEPS 256 /* element names in one level (55 at most today) */

typedef struct Level Level;
typedef struct Shape Shape;

typedef struct {
    const char *name;
    uint32_t hash;
    int repeats;
    int aggregate;
    Level *below;
} Step;

struct Level {
    int nsteps;
    Step *steps;
    int mask; /* table size - 1 (a power of two) */
    int *table; /* step index + 1, 0 = empty */
};

typedef struct {
    const char *qb;
    const char *json;
    Py_ssize_t json_len;
} EnumPair;

typedef struct {
    const char *key;
    Py_ssize_t key_len;
    int kind;
    int depth;
    int path[MAX_DEPTH];
    const char *constant; /* CONST: encoded value */
    Py_ssize_t constant_len;
    Shape *nest;
    int nest_repeats;
    const char *leaf; /* EACH */
    int npairs;
    EnumPair *pairs;
    int snake;
} Slot;

struct Shape {
    Level *root;
    int nslots;
    Slot *slots;
};

typedef struct {
    Shape *shape;
    PyObject *spec; /* keeps every bytes object the C strings point into alive */
} Program;

static PyTypeObject *element_type = NULL;

/* ---- hashing ------------------------------------------------------------------------ */

static uint32_t name_hash(const char *s)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    while (*s) {
        h ^= (unsigned char)*s++;
        h *= 16777619u;
    }
    return h;
}

static int level_find(const Level *level, const char *name)
{
    uint32_t h = name_hash(name);
    int i = (int)(h & (uint32_t)level->mask);
    for (;;) {
        int at = level->table[i];
        if (at == 0)
            return -1;
        const Step *step = &level->steps[at - 1];
        if (step->hash == h && strcmp(step->name, name) == 0)
            return at - 1;
        i = (i + 1) & level->mask;
    }
}

/* ---- freeing ------------------------------------------------------------------------ */

static void free_level(Level *level)
{
    if (level == NULL)
        return;
    for (int i = 0; i < level->nsteps; i++)
        free_level(level->steps[i].below);
    PyMem_Free(level->steps);
    PyMem_Free(level->table);
    PyMem_Free(level);
}

static void free_shape(Shape *shape)
{
    if (shape == NULL)
        return;
    free_level(shape->root);
    for (int i = 0; i < shape->nslots; i++) {
        free_shape(shape->slots[i].nest);
        PyMem_Free(shape->slots[i].pairs);
    }
    PyMem_Free(shape->slots);
    PyMem_Free(shape);
}

/* ---- compiling the spec ------------------------------------------------------------- */

static int bad_spec(const char *what)
{
    PyErr_Format(PyExc_ValueError, "native program spec: %s", what);
    return -1;
}

static Level *compile_level(PyObject *spec)
{
    if (!PyTuple_Check(spec)) {
        bad_spec("a level must be a tuple");
        return NULL;
    }
    Py_ssize_t n = PyTuple_GET_SIZE(spec);
    if (n > MAX_STEPS) {
        bad_spec("too many element names in one level");
        return NULL;
    }
    Level *level = PyMem_Calloc(1, sizeof(Level));
    if (level == NULL) {
        PyErr_NoMemory();
        return NULL;
    }
    int size = 8;
    while (size < 2 * n + 2)
        size *= 2;
    level->mask = size - 1;
    level->table = PyMem_Calloc((size_t)size, sizeof(int));
    level->steps = PyMem_Calloc((size_t)(n ? n : 1), sizeof(Step));
    if (level->table == NULL || level->steps == NULL) {
        free_level(level);
        PyErr_NoMemory();
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        PyObject *item = PyTuple_GET_ITEM(spec, i);
        if (!PyTuple_Check(item) || PyTuple_GET_SIZE(item) != 4 ||
            !PyBytes_Check(PyTuple_GET_ITEM(item, 0))) {
            bad_spec("a step is (name: bytes, repeats, aggregate, below)");
            free_level(level);
            return NULL;
        }
        Step *step = &level->steps[i];
        level->nsteps = (int)i + 1;
        step->name = PyBytes_AS_STRING(PyTuple_GET_ITEM(item, 0));
        step->hash = name_hash(step->name);
        step->repeats = PyObject_IsTrue(PyTuple_GET_ITEM(item, 1));
        step->aggregate = PyObject_IsTrue(PyTuple_GET_ITEM(item, 2));
        PyObject *below = PyTuple_GET_ITEM(item, 3);
        if (below != Py_None) {
            step->below = compile_level(below);
            if (step->below == NULL) {
                free_level(level);
                return NULL;
            }
        }
        if (level_find(level, step->name) >= 0 && level_find(level, step->name) != (int)i) {
            bad_spec("a name appears twice in one level");
            free_level(level);
            return NULL;
        }
        int at = (int)(step->hash & (uint32_t)level->mask);
        while (level->table[at] != 0)
            at = (at + 1) & level->mask;
        level->table[at] = (int)i + 1;
    }
    return level;
}

static Shape *compile_shape(PyObject *spec);

static int compile_slot(Slot *slot, PyObject *spec, const Level *root)
{
    if (!PyTuple_Check(spec) || PyTuple_GET_SIZE(spec) != 4)
        return bad_spec("a slot is (key, kind, path, extra)");
    PyObject *key = PyTuple_GET_ITEM(spec, 0);
    PyObject *path = PyTuple_GET_ITEM(spec, 2);
    PyObject *extra = PyTuple_GET_ITEM(spec, 3);
    if (!PyBytes_Check(key) || !PyTuple_Check(path))
        return bad_spec("a slot key is bytes and its path a tuple");
    slot->key = PyBytes_AS_STRING(key);
    slot->key_len = PyBytes_GET_SIZE(key);
    slot->kind = (int)PyLong_AsLong(PyTuple_GET_ITEM(spec, 1));
    if (slot->kind < K_NULL || slot->kind > K_REFS)
        return bad_spec("unknown slot kind");
    slot->depth = (int)PyTuple_GET_SIZE(path);
    if (slot->depth > MAX_DEPTH)
        return bad_spec("path too deep");
    const Level *level = root;
    for (int d = 0; d < slot->depth; d++) {
        long index = PyLong_AsLong(PyTuple_GET_ITEM(path, d));
        if (level == NULL || index < 0 || index >= level->nsteps)
            return bad_spec("a path step is not in its level");
        slot->path[d] = (int)index;
        level = level->steps[index].below;
    }
    if ((slot->kind == K_NULL || slot->kind == K_CONST) != (slot->depth == 0))
        return bad_spec("only null and constant slots have no path");
    switch (slot->kind) {
    case K_CONST:
        if (!PyBytes_Check(extra))
            return bad_spec("a constant is encoded bytes");
        slot->constant = PyBytes_AS_STRING(extra);
        slot->constant_len = PyBytes_GET_SIZE(extra);
        break;
    case K_NEST:
        if (!PyTuple_Check(extra) || PyTuple_GET_SIZE(extra) != 2)
            return bad_spec("a nest is (shape, repeats)");
        slot->nest = compile_shape(PyTuple_GET_ITEM(extra, 0));
        if (slot->nest == NULL)
            return -1;
        slot->nest_repeats = PyObject_IsTrue(PyTuple_GET_ITEM(extra, 1));
        break;
    case K_EACH:
        if (!PyBytes_Check(extra))
            return bad_spec("an each leaf is bytes");
        slot->leaf = PyBytes_AS_STRING(extra);
        break;
    case K_ENUM: {
        if (!PyTuple_Check(extra) || PyTuple_GET_SIZE(extra) != 2 ||
            !PyTuple_Check(PyTuple_GET_ITEM(extra, 0)))
            return bad_spec("an enum is (pairs, snake)");
        PyObject *pairs = PyTuple_GET_ITEM(extra, 0);
        Py_ssize_t n = PyTuple_GET_SIZE(pairs);
        slot->pairs = PyMem_Calloc((size_t)(n ? n : 1), sizeof(EnumPair));
        if (slot->pairs == NULL) {
            PyErr_NoMemory();
            return -1;
        }
        for (Py_ssize_t i = 0; i < n; i++) {
            PyObject *pair = PyTuple_GET_ITEM(pairs, i);
            if (!PyTuple_Check(pair) || PyTuple_GET_SIZE(pair) != 2 ||
                !PyBytes_Check(PyTuple_GET_ITEM(pair, 0)) ||
                !PyBytes_Check(PyTuple_GET_ITEM(pair, 1)))
                return bad_spec("an enum pair is (bytes, bytes)");
            slot->pairs[i].qb = PyBytes_AS_STRING(PyTuple_GET_ITEM(pair, 0));
            slot->pairs[i].json = PyBytes_AS_STRING(PyTuple_GET_ITEM(pair, 1));
            slot->pairs[i].json_len = PyBytes_GET_SIZE(PyTuple_GET_ITEM(pair, 1));
            slot->npairs = (int)i + 1;
        }
        slot->snake = PyObject_IsTrue(PyTuple_GET_ITEM(extra, 1));
        break;
    }
    default:
        break;
    }
    return 0;
}

static Shape *compile_shape(PyObject *spec)
{
    if (!PyTuple_Check(spec) || PyTuple_GET_SIZE(spec) != 2 ||
        !PyTuple_Check(PyTuple_GET_ITEM(spec, 1))) {
        bad_spec("a shape is (level, slots)");
        return NULL;
    }
    Shape *shape = PyMem_Calloc(1, sizeof(Shape));
    if (shape == NULL) {
        PyErr_NoMemory();
        return NULL;
    }
    shape->root = compile_level(PyTuple_GET_ITEM(spec, 0));
    if (shape->root == NULL) {
        free_shape(shape);
        return NULL;
    }
    PyObject *slots = PyTuple_GET_ITEM(spec, 1);
    Py_ssize_t n = PyTuple_GET_SIZE(slots);
    shape->slots = PyMem_Calloc((size_t)(n ? n : 1), sizeof(Slot));
    if (shape->slots == NULL) {
        free_shape(shape);
        PyErr_NoMemory();
        return NULL;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        shape->nslots = (int)i + 1;
        if (compile_slot(&shape->slots[i], PyTuple_GET_ITEM(slots, i), shape->root) < 0) {
            free_shape(shape);
            return NULL;
        }
    }
    return shape;
}

static void program_free(PyObject *capsule)
{
    Program *program = PyCapsule_GetPointer(capsule, "nxus.native.program");
    if (program == NULL)
        return;
    free_shape(program->shape);
    Py_XDECREF(program->spec);
    PyMem_Free(program);
}

static PyObject *native_compile(PyObject *self, PyObject *spec)
{
    Program *program = PyMem_Calloc(1, sizeof(Program));
    if (program == NULL)
        return PyErr_NoMemory();
    program->shape = compile_shape(spec);
    if (program->shape == NULL) {
        PyMem_Free(program);
        return NULL;
    }
    Py_INCREF(spec);
    program->spec = spec;
    PyObject *capsule = PyCapsule_New(program, "nxus.native.program", program_free);
    if (capsule == NULL) {
        free_shape(program->shape);
        Py_DECREF(spec);
        PyMem_Free(program);
    }
    return capsule;
}

/* ---- output buffer ------------------------------------------------------------------ */

typedef struct {
    char *data;
    size_t len;
    size_t cap;
} Buf;

static __attribute__((noinline)) int buf_grow(Buf *buf, size_t more)
{
    if (buf->len + more <= buf->cap)
        return 0;
    size_t cap = buf->cap ? buf->cap : 4096;
    while (cap < buf->len + more)
        cap *= 2;
    char *data = PyMem_Realloc(buf->data, cap);
    if (data == NULL) {
        PyErr_NoMemory();
        return -1;
    }
    buf->data = data;
    buf->cap = cap;
    return 0;
}

static inline __attribute__((always_inline)) int put(Buf *buf, const char *s, size_t n)
{
    if (buf->len + n > buf->cap && buf_grow(buf, n) < 0)
        return -1;
    memcpy(buf->data + buf->len, s, n);
    buf->len += n;
    return 0;
}

#define PUTS(buf, lit) put((buf), (lit), sizeof(lit) - 1)

/* A JSON string as orjson writes it: `"` and `\` escaped, \b \t \n \f \r short, other
 * controls as \u00xx, everything else (UTF-8, DEL, U+2028) as is. */
static int put_string(Buf *buf, const char *s, size_t n)
{
    static const char hex[] = "0123456789abcdef";
    if (buf_grow(buf, n + 2) < 0)
        return -1;
    buf->data[buf->len++] = '"';
    size_t start = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0x20 && c != '"' && c != '\\')
            continue;
        if (put(buf, s + start, i - start) < 0)
            return -1;
        start = i + 1;
        char esc[6] = {'\\', 0, 0, 0, 0, 0};
        size_t len = 2;
        switch (c) {
        case '"': esc[1] = '"'; break;
        case '\\': esc[1] = '\\'; break;
        case '\b': esc[1] = 'b'; break;
        case '\t': esc[1] = 't'; break;
        case '\n': esc[1] = 'n'; break;
        case '\f': esc[1] = 'f'; break;
        case '\r': esc[1] = 'r'; break;
        default:
            esc[1] = 'u';
            esc[2] = '0';
            esc[3] = '0';
            esc[4] = hex[c >> 4];
            esc[5] = hex[c & 15];
            len = 6;
        }
        if (put(buf, esc, len) < 0)
            return -1;
    }
    if (put(buf, s + start, n - start) < 0)
        return -1;
    return PUTS(buf, "\"");
}

/* ---- reading nodes as lxml does ----------------------------------------------------- */

/* What lxml's len() counts: elements, comments, PIs and entity references. */
static int is_child(const xmlNode *node)
{
    return node->type == XML_ELEMENT_NODE || node->type == XML_COMMENT_NODE ||
           node->type == XML_PI_NODE || node->type == XML_ENTITY_REF_NODE;
}

static int has_children(const xmlNode *node)
{
    for (const xmlNode *c = node->children; c != NULL; c = c->next)
        if (is_child(c))
            return 1;
    return 0;
}

/* Whether the parsed record holds this element's value as a dict (the Python path: it has
 * attributes or children, or its schema type has element content). */
static int is_mapping(const xmlNode *node, int aggregate)
{
    return aggregate || node->properties != NULL || has_children(node);
}

/* The element's text as lxml's `.text` (its leading text and CDATA nodes; an element that
 * is not a mapping holds nothing else). Points into the node when there is one text node;
 * otherwise concatenates into `scratch`. */
static int node_text(const xmlNode *node, Buf *scratch, const char **text, size_t *len)
{
    const xmlNode *c = node->children;
    if (c == NULL) {
        *text = "";
        *len = 0;
        return 0;
    }
    if (c->next == NULL && (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE)) {
        *text = c->content ? (const char *)c->content : "";
        *len = strlen(*text);
        return 0;
    }
    scratch->len = 0;
    for (; c != NULL; c = c->next) {
        if (c->type != XML_TEXT_NODE && c->type != XML_CDATA_SECTION_NODE)
            break;
        if (c->content && put(scratch, (const char *)c->content, strlen((const char *)c->content)) < 0)
            return -1;
    }
    if (put(scratch, "", 1) < 0)
        return -1;
    *text = scratch->data;
    *len = scratch->len - 1;
    return 0;
}

typedef struct {
    const xmlNode *first;
    int count;
} Found;

/* Which step each element child of `node` matches (elements in a namespace never match:
 * their lxml tag is "{uri}name"). */
static void scan(const Level *level, const xmlNode *node, Found *found)
{
    memset(found, 0, sizeof(Found) * (size_t)level->nsteps);
    for (const xmlNode *c = node->children; c != NULL; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || c->ns != NULL)
            continue;
        int at = level_find(level, (const char *)c->name);
        if (at < 0)
            continue;
        if (found[at].count++ == 0)
            found[at].first = c;
    }
}

static const xmlNode *next_named(const xmlNode *node, const char *name)
{
    for (node = node->next; node != NULL; node = node->next)
        if (node->type == XML_ELEMENT_NODE && node->ns == NULL &&
            strcmp((const char *)node->name, name) == 0)
            return node;
    return NULL;
}

/* ---- values ------------------------------------------------------------------------- */

enum { OK = 0, FAIL = -1, IRREGULAR = 1 };

static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* float(text) as orjson writes it, for plain decimals it can write exactly: at most 15
 * significant digits (a double round-trips them, so the shortest repr is the decimal
 * itself), an integer part under 10**15 and, when below 1, at most three zeros after the
 * point (orjson switches to exponents for small values). Otherwise IRREGULAR. */
static int put_number(Buf *buf, const char *s, size_t n)
{
    size_t i = 0;
    int negative = 0;
    if (i < n && s[i] == '-') {
        negative = 1;
        i++;
    }
    size_t int_start = i;
    while (i < n && is_digit(s[i]))
        i++;
    size_t int_end = i;
    size_t frac_start = i, frac_end = i;
    if (i < n && s[i] == '.') {
        frac_start = ++i;
        while (i < n && is_digit(s[i]))
            i++;
        frac_end = i;
        if (frac_end == frac_start)
            return IRREGULAR;
    }
    if (i != n || int_end == int_start)
        return IRREGULAR;
    while (int_start < int_end - 1 && s[int_start] == '0')
        int_start++;
    while (frac_end > frac_start && s[frac_end - 1] == '0')
        frac_end--;
    size_t int_len = int_end - int_start;
    if (int_len > 15)
        return IRREGULAR;
    size_t significant = (int_len == 1 && s[int_start] == '0') ? 0 : int_len;
    if (significant == 0) {
        size_t zeros = 0;
        while (frac_start + zeros < frac_end && s[frac_start + zeros] == '0')
            zeros++;
        if (frac_start + zeros < frac_end && zeros > 3)
            return IRREGULAR;
        significant = frac_end - frac_start - zeros;
    } else {
        significant += frac_end - frac_start;
    }
    if (significant > 15)
        return IRREGULAR;
    if (negative && put(buf, "-", 1) < 0)
        return FAIL;
    if (put(buf, s + int_start, int_len) < 0 || put(buf, ".", 1) < 0)
        return FAIL;
    if (frac_end == frac_start)
        return put(buf, "0", 1) < 0 ? FAIL : OK;
    return put(buf, s + frac_start, frac_end - frac_start) < 0 ? FAIL : OK;
}

/* int(text) for plain integers of at most 18 digits; otherwise IRREGULAR. */
static int put_int(Buf *buf, const char *s, size_t n)
{
    size_t i = 0;
    int negative = 0;
    if (n > 0 && s[0] == '-') {
        negative = 1;
        i = 1;
    }
    if (i == n || n - i > 18)
        return IRREGULAR;
    for (size_t j = i; j < n; j++)
        if (!is_digit(s[j]))
            return IRREGULAR;
    while (i < n - 1 && s[i] == '0')
        i++;
    if (negative && !(n - i == 1 && s[i] == '0') && put(buf, "-", 1) < 0)
        return FAIL;
    return put(buf, s + i, n - i) < 0 ? FAIL : OK;
}

static int is_space(char c)
{
    /* what str.strip() removes among ASCII characters */
    return c == ' ' || (c >= '\t' && c <= '\r') || (c >= 0x1c && c <= 0x1f);
}

/* text.strip().lower() == "true", for ASCII text; otherwise IRREGULAR. */
static int put_bool(Buf *buf, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] >= 0x80)
            return IRREGULAR;
    while (n > 0 && is_space(s[0])) {
        s++;
        n--;
    }
    while (n > 0 && is_space(s[n - 1]))
        n--;
    int yes = n == 4 && (s[0] | 0x20) == 't' && (s[1] | 0x20) == 'r' &&
              (s[2] | 0x20) == 'u' && (s[3] | 0x20) == 'e';
    return (yes ? PUTS(buf, "true") : PUTS(buf, "false")) < 0 ? FAIL : OK;
}

/* The enum table's spelling, else snake_case(text) (ASCII only) or the text itself. */
static int put_enum(Buf *buf, const Slot *slot, const char *s, size_t n)
{
    for (int i = 0; i < slot->npairs; i++)
        if (strlen(slot->pairs[i].qb) == n && memcmp(slot->pairs[i].qb, s, n) == 0)
            return put(buf, slot->pairs[i].json, (size_t)slot->pairs[i].json_len) < 0 ? FAIL
                                                                                    : OK;
    if (!slot->snake)
        return put_string(buf, s, n) < 0 ? FAIL : OK;
    Buf snake = {0};
    int rc = OK;
    for (size_t i = 0; i < n && rc == OK; i++) {
        char c = s[i];
        if ((unsigned char)c >= 0x80) {
            rc = IRREGULAR;
            break;
        }
        int upper = c >= 'A' && c <= 'Z';
        if (upper && i > 0 && ((s[i - 1] >= 'a' && s[i - 1] <= 'z') || is_digit(s[i - 1])))
            rc = put(&snake, "_", 1) < 0 ? FAIL : OK;
        char low = upper ? (char)(c | 0x20) : c;
        if (rc == OK && put(&snake, &low, 1) < 0)
            rc = FAIL;
    }
    if (rc == OK)
        rc = put_string(buf, snake.data ? snake.data : "", snake.len) < 0 ? FAIL : OK;
    PyMem_Free(snake.data);
    return rc;
}

/* A text child's value, or whether it is absent (*text = NULL). IRREGULAR when the Python
 * path would see something other than one string (a list, a dict). */
static int child_text(const xmlNode *parent, const char *name, Buf *scratch, const char **text,
                      size_t *len)
{
    const xmlNode *found = NULL;
    for (const xmlNode *c = parent->children; c != NULL; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || c->ns != NULL ||
            strcmp((const char *)c->name, name) != 0)
            continue;
        if (found != NULL)
            return IRREGULAR;
        found = c;
    }
    *text = NULL;
    *len = 0;
    if (found == NULL)
        return OK;
    if (found->properties != NULL || has_children(found))
        return IRREGULAR;
    return node_text(found, scratch, text, len) < 0 ? FAIL : OK;
}

static int put_reference(Buf *buf, const xmlNode *node, Buf *scratch)
{
    /* {"id": ListID or TxnID, "fullname": FullName}; the texts go through `scratch` one at
     * a time, so each is written before the next is read. */
    const char *text;
    size_t len;
    int rc;
    if (PUTS(buf, "{\"fullname\":") < 0)
        return FAIL;
    if ((rc = child_text(node, "FullName", scratch, &text, &len)) != OK)
        return rc;
    if ((text ? put_string(buf, text, len) : PUTS(buf, "null")) < 0)
        return FAIL;
    if (PUTS(buf, ",\"id\":") < 0)
        return FAIL;
    if ((rc = child_text(node, "ListID", scratch, &text, &len)) != OK)
        return rc;
    if (text == NULL || len == 0) { /* value.get("ListID") or value.get("TxnID") */
        const char *txn;
        size_t txn_len;
        if ((rc = child_text(node, "TxnID", scratch, &txn, &txn_len)) != OK)
            return rc;
        text = txn;
        len = txn_len;
    }
    if ((text ? put_string(buf, text, len) : PUTS(buf, "null")) < 0)
        return FAIL;
    return PUTS(buf, "}") < 0 ? FAIL : OK;
}

static int put_object(Buf *buf, const Shape *shape, const xmlNode *node, Buf *scratch);

static int put_each(Buf *buf, const Slot *slot, const xmlNode *first, const Step *step,
                    Buf *scratch)
{
    if (PUTS(buf, "[") < 0)
        return FAIL;
    int n = 0;
    for (const xmlNode *item = first; item != NULL; item = next_named(item, step->name)) {
        if (!is_mapping(item, step->aggregate))
            continue; /* a plain string item is skipped */
        const char *text;
        size_t len;
        int rc = child_text(item, slot->leaf, scratch, &text, &len);
        if (rc != OK)
            return rc;
        if (n++ && PUTS(buf, ",") < 0)
            return FAIL;
        if ((text ? put_string(buf, text, len) : PUTS(buf, "null")) < 0)
            return FAIL;
    }
    return PUTS(buf, "]") < 0 ? FAIL : OK;
}

static int put_references(Buf *buf, const xmlNode *first, const Step *step, Buf *scratch)
{
    if (PUTS(buf, "[") < 0)
        return FAIL;
    int n = 0;
    for (const xmlNode *item = first; item != NULL; item = next_named(item, step->name)) {
        if (!is_mapping(item, step->aggregate))
            continue; /* a string is no reference */
        if (n++ && PUTS(buf, ",") < 0)
            return FAIL;
        int rc = put_reference(buf, item, scratch);
        if (rc != OK)
            return rc;
    }
    return PUTS(buf, "]") < 0 ? FAIL : OK;
}

static int put_nest(Buf *buf, const Slot *slot, const xmlNode *first, int count,
                    const Step *step, Buf *scratch)
{
    if (!slot->nest_repeats) {
        if (count != 1 || step->repeats)
            return IRREGULAR; /* a list: the Python path takes its first item */
        if (!is_mapping(first, step->aggregate))
            return PUTS(buf, "null") < 0 ? FAIL : OK; /* a string */
        return put_object(buf, slot->nest, first, scratch);
    }
    if (PUTS(buf, "[") < 0)
        return FAIL;
    int n = 0;
    for (const xmlNode *item = first; item != NULL; item = next_named(item, step->name)) {
        if (n++ && PUTS(buf, ",") < 0)
            return FAIL;
        /* a string item converts to the shape's absent values */
        int rc = put_object(buf, slot->nest, is_mapping(item, step->aggregate) ? item : NULL,
                            scratch);
        if (rc != OK)
            return rc;
    }
    return PUTS(buf, "]") < 0 ? FAIL : OK;
}

/* The element a path of several steps reaches from its first step's element (`*step`,
 * `*first`, `*count` in and out); 0 when the Python path would find it absent: the record
 * dict is walked through dicts only, so a repeated or plain-text intermediate element gives
 * the absent value. Apart from put_slot so that its scan buffer is only on the stack here. */
static __attribute__((noinline)) int resolve_deep(const Slot *slot, const Step *start,
                                                  const Step **step, const xmlNode **first,
                                                  int *count)
{
    Found deeper[MAX_STEPS];
    const Step *at = start;
    for (int d = 1; d < slot->depth; d++) {
        if (*count > 1 || at->repeats || !is_mapping(*first, at->aggregate))
            return 0;
        const Level *level = at->below;
        scan(level, *first, deeper);
        at = &level->steps[slot->path[d]];
        *first = deeper[slot->path[d]].first;
        *count = deeper[slot->path[d]].count;
        if (*count == 0)
            return 0;
    }
    *step = at;
    return 1;
}

static int put_absent(Buf *buf, const Slot *slot)
{
    if (slot->kind == K_EACH || slot->kind == K_REFS ||
        (slot->kind == K_NEST && slot->nest_repeats))
        return PUTS(buf, "[]") < 0 ? FAIL : OK;
    return PUTS(buf, "null") < 0 ? FAIL : OK;
}

static int put_slot(Buf *buf, const Slot *slot, const Shape *shape, const xmlNode *node,
                    const Found *found0, Buf *scratch)
{
    if (slot->kind == K_CONST)
        return put(buf, slot->constant, (size_t)slot->constant_len) < 0 ? FAIL : OK;
    if (slot->kind == K_NULL || node == NULL)
        return put_absent(buf, slot);
    const Step *step = &shape->root->steps[slot->path[0]];
    const xmlNode *first = found0[slot->path[0]].first;
    int count = found0[slot->path[0]].count;
    if (slot->depth > 1 && count > 0 && !resolve_deep(slot, step, &step, &first, &count))
        return put_absent(buf, slot);
    if (count == 0)
        return put_absent(buf, slot);
    switch (slot->kind) {
    case K_NEST:
        return put_nest(buf, slot, first, count, step, scratch);
    case K_EACH:
        return put_each(buf, slot, first, step, scratch);
    case K_REFS:
        return put_references(buf, first, step, scratch);
    case K_REF:
        if (count > 1 || step->repeats)
            return IRREGULAR; /* a list: the Python path takes its first item */
        if (!is_mapping(first, step->aggregate))
            return PUTS(buf, "null") < 0 ? FAIL : OK; /* a string: not a reference */
        return put_reference(buf, first, scratch);
    default:
        break;
    }
    if (count > 1 || step->repeats)
        return IRREGULAR; /* a list where one value belongs: the Python path takes the first */
    if (is_mapping(first, step->aggregate))
        return PUTS(buf, "null") < 0 ? FAIL : OK; /* a dict where text belongs */
    const char *text;
    size_t len;
    if (node_text(first, scratch, &text, &len) < 0)
        return FAIL;
    switch (slot->kind) {
    case K_TEXT:
    case K_TEXTONLY:
        return put_string(buf, text, len) < 0 ? FAIL : OK;
    case K_NUMBER:
        return put_number(buf, text, len);
    case K_INT:
        return put_int(buf, text, len);
    case K_BOOL:
        return put_bool(buf, text, len);
    case K_ENUM:
        return put_enum(buf, slot, text, len);
    default:
        return IRREGULAR;
    }
}

/* One object: every slot in order; `node` NULL gives every slot's absent value. */
static int put_object(Buf *buf, const Shape *shape, const xmlNode *node, Buf *scratch)
{
    Found found[MAX_STEPS];
    if (node != NULL)
        scan(shape->root, node, found);
    if (PUTS(buf, "{") < 0)
        return FAIL;
    for (int i = 0; i < shape->nslots; i++) {
        const Slot *slot = &shape->slots[i];
        if ((i && PUTS(buf, ",") < 0) || put(buf, slot->key, (size_t)slot->key_len) < 0)
            return FAIL;
        int rc = put_slot(buf, slot, shape, node, found, scratch);
        if (rc != OK)
            return rc;
    }
    return PUTS(buf, "}") < 0 ? FAIL : OK;
}

/* ---- the Python functions ----------------------------------------------------------- */

static const xmlNode *node_of(PyObject *element)
{
    if (element_type == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "nxus._native.setup() was not called");
        return NULL;
    }
    if (!PyObject_TypeCheck(element, element_type)) {
        PyErr_SetString(PyExc_TypeError, "expected an lxml element");
        return NULL;
    }
    const xmlNode *node = ((LxmlElementObject *)element)->_c_node;
    if (node == NULL || node->type != XML_ELEMENT_NODE) {
        PyErr_SetString(PyExc_ValueError, "expected an element node");
        return NULL;
    }
    return node;
}

/* Appends (run, n) to `out`: the n records rendered since the last flush, comma-joined. */
static int flush_run(PyObject *out, Buf *buf, Py_ssize_t *n)
{
    if (*n == 0)
        return 0;
    PyObject *item = Py_BuildValue("(y#n)", buf->data, (Py_ssize_t)buf->len, *n);
    if (item == NULL)
        return -1;
    int rc = PyList_Append(out, item);
    Py_DECREF(item);
    buf->len = 0;
    *n = 0;
    return rc;
}

/* render(parent, count, programs, limit=-1) -> list: the first `count` children of `parent`
 * (as lxml counts them) that are records, in order, as items: (bytes, n) for a run of n
 * records rendered here (their JSON objects joined by commas), or int i for child i, which
 * the Python path must convert (this module declined it, or its program is None). Elements
 * with no entry in `programs` (a dict from Ret element name, str, to a compiled program or
 * None) are left out, as the Python path skips them. At most `limit` records of the resource
 * (rendered or declined) when limit >= 0. */
static PyObject *native_render(PyObject *self, PyObject *args)
{
    PyObject *parent, *programs;
    Py_ssize_t count, limit = -1;
    if (!PyArg_ParseTuple(args, "OnO!|n:render", &parent, &count, &PyDict_Type, &programs,
                          &limit))
        return NULL;
    const xmlNode *node = node_of(parent);
    if (node == NULL)
        return NULL;
    PyObject *out = PyList_New(0);
    if (out == NULL)
        return NULL;
    Buf buf = {0}, scratch = {0};
    Py_ssize_t run = 0, made = 0, index = -1;
    const xmlChar *last_name = NULL;
    const Program *last_program = NULL;
    int last_known = 0;
    for (const xmlNode *c = node->children; c != NULL && index + 1 < count; c = c->next) {
        if (!is_child(c))
            continue;
        index++;
        if (limit >= 0 && made >= limit)
            break;
        const Program *program = NULL;
        if (c->type == XML_ELEMENT_NODE) {
            if (c->ns != NULL)
                continue; /* "{uri}name": no resource's record */
            int known = 1;
            if (c->name == last_name) { /* the same string: records mostly share one tag */
                program = last_program;
                known = last_known;
            } else {
                PyObject *capsule = PyDict_GetItemString(programs, (const char *)c->name);
                if (capsule == NULL && PyErr_Occurred())
                    goto error;
                known = capsule != NULL;
                if (capsule != NULL && capsule != Py_None) { /* None: the Python path's */
                    program = PyCapsule_GetPointer(capsule, "nxus.native.program");
                    if (program == NULL)
                        goto error;
                }
                last_name = c->name;
                last_program = program;
                last_known = known;
            }
            if (!known)
                continue;
            made++; /* a record of the resource (a comment or PI is not one) */
        }
        size_t mark = buf.len;
        int rc = IRREGULAR;
        if (program != NULL) {
            rc = (run && PUTS(&buf, ",") < 0) ? FAIL : put_object(&buf, program->shape, c, &scratch);
            if (rc == FAIL)
                goto error;
        }
        if (rc == OK) {
            run++;
            continue;
        }
        buf.len = mark; /* drop what the declined record wrote */
        PyObject *at = PyLong_FromSsize_t(index);
        if (at == NULL || flush_run(out, &buf, &run) < 0 || PyList_Append(out, at) < 0) {
            Py_XDECREF(at);
            goto error;
        }
        Py_DECREF(at);
    }
    if (flush_run(out, &buf, &run) < 0)
        goto error;
    PyMem_Free(buf.data);
    PyMem_Free(scratch.data);
    return out;
error:
    PyMem_Free(buf.data);
    PyMem_Free(scratch.data);
    Py_DECREF(out);
    return NULL;
}

/* setup(element_type, probe): remember lxml's element type after checking our view of its
 * layout on `probe`, an element whose tag is "nxusProbe" with one child element. */
static PyObject *native_setup(PyObject *self, PyObject *args)
{
    PyObject *type, *probe;
    if (!PyArg_ParseTuple(args, "O!O:setup", &PyType_Type, &type, &probe))
        return NULL;
    PyTypeObject *t = (PyTypeObject *)type;
    if (t->tp_basicsize < (Py_ssize_t)sizeof(LxmlElementObject) ||
        !PyObject_TypeCheck(probe, t)) {
        PyErr_SetString(PyExc_RuntimeError, "lxml's element layout is not the expected one");
        return NULL;
    }
    const xmlNode *node = ((LxmlElementObject *)probe)->_c_node;
    if (node == NULL || node->type != XML_ELEMENT_NODE || node->name == NULL ||
        strcmp((const char *)node->name, "nxusProbe") != 0 || node->children == NULL ||
        node->children->type != XML_ELEMENT_NODE) {
        PyErr_SetString(PyExc_RuntimeError, "lxml's element layout is not the expected one");
        return NULL;
    }
    Py_XSETREF(element_type, (PyTypeObject *)Py_NewRef(type));
    Py_RETURN_NONE;
}

/* Bytes that need a look in XML text content: `&`, `]`, `<`, C0 controls, and bytes of
 * UTF-8 sequences (0x80 and up: non-ASCII text, and U+FFFE / U+FFFF to refuse). */
static unsigned char special[256];

static void init_special(void)
{
    for (int c = 0; c < 256; c++)
        special[c] = c < 0x20 || c >= 0x80 || c == '&' || c == ']' || c == '<';
}

/* How many bytes the UTF-8 sequence starting with `lead` has. */
static Py_ssize_t utf8_length(unsigned char lead)
{
    return lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
}

/* A character reference `&#N;` / `&#xH;` at in[0:n]: its character written to `out` as
 * UTF-8 (never longer than the reference), and how many input bytes it took; -1 when it is
 * not a well-formed reference to a character XML allows. */
static Py_ssize_t char_ref(const unsigned char *in, Py_ssize_t n, char *out)
{
    Py_ssize_t i = 2;
    int hex = n > 2 && in[2] == 'x';
    if (hex)
        i++;
    unsigned long code = 0;
    Py_ssize_t digits = 0;
    for (; i < n && in[i] != ';'; i++, digits++) {
        unsigned char c = in[i];
        int value = c >= '0' && c <= '9'             ? c - '0'
                    : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10
                                                  : -1;
        if (value < 0 || digits >= 8)
            return -1;
        code = code * (hex ? 16 : 10) + (unsigned long)value;
    }
    if (i >= n || digits == 0)
        return -1;
    int allowed = code == 0x9 || code == 0xA || code == 0xD || (code >= 0x20 && code <= 0xD7FF) ||
                  (code >= 0xE000 && code <= 0xFFFD) || (code >= 0x10000 && code <= 0x10FFFF);
    if (!allowed)
        return -1;
    unsigned char *o = (unsigned char *)out;
    if (code < 0x80) {
        o[0] = (unsigned char)code;
    } else if (code < 0x800) {
        o[0] = (unsigned char)(0xC0 | (code >> 6));
        o[1] = (unsigned char)(0x80 | (code & 0x3F));
    } else if (code < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (code >> 12));
        o[1] = (unsigned char)(0x80 | ((code >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (code & 0x3F));
    } else {
        o[0] = (unsigned char)(0xF0 | (code >> 18));
        o[1] = (unsigned char)(0x80 | ((code >> 12) & 0x3F));
        o[2] = (unsigned char)(0x80 | ((code >> 6) & 0x3F));
        o[3] = (unsigned char)(0x80 | (code & 0x3F));
    }
    return i + 1;
}

/* The XML text content in[0:n] (which holds no `<`) with the five predefined references
 * and character references replaced (a `&#13;` stays a CR) and CRLF / lone CR as LF, written
 * to `out` (room for n bytes); its length, or -1 for anything else an XML parser would have
 * to judge: another `&`, a reference to a character XML forbids, `]]>`, a C0 control
 * character other than tab/LF/CR, U+FFFE or U+FFFF, `<`.
 * `*high`: whether a byte >= 0x80 occurs (the text is not ASCII). */
static Py_ssize_t xml_text(const unsigned char *in, Py_ssize_t n, char *out, int *high)
{
    Py_ssize_t len = 0;
    *high = 0;
    for (Py_ssize_t i = 0; i < n; i++) {
        unsigned char c = in[i];
        if (!special[c]) {
            out[len++] = (char)c;
            continue;
        }
        char put = (char)c;
        if (c >= 0x80) {
            *high = 1;
            if (c == 0xEF && n - i >= 3 && in[i + 1] == 0xBF &&
                (in[i + 2] == 0xBE || in[i + 2] == 0xBF))
                return -1; /* U+FFFE / U+FFFF (EF BF BE / EF BF BF) */
        } else if (c == '&') {
            static const struct {
                const char *ref;
                Py_ssize_t len;
                char put;
            } refs[] = {{"&lt;", 4, '<'}, {"&gt;", 4, '>'}, {"&amp;", 5, '&'},
                        {"&quot;", 6, '"'}, {"&apos;", 6, '\''}};
            if (n - i >= 2 && in[i + 1] == '#') {
                Py_ssize_t used = char_ref(in + i, n - i, out + len);
                if (used < 0)
                    return -1;
                i += used - 1;
                if ((unsigned char)out[len] >= 0x80)
                    *high = 1;
                len += utf8_length((unsigned char)out[len]);
                continue;
            }
            int found = 0;
            for (size_t r = 0; r < sizeof refs / sizeof refs[0] && !found; r++) {
                if (n - i >= refs[r].len &&
                    memcmp(in + i, refs[r].ref, (size_t)refs[r].len) == 0) {
                    put = refs[r].put;
                    i += refs[r].len - 1;
                    found = 1;
                }
            }
            if (!found)
                return -1;
        } else if (c == ']') {
            if (n - i >= 3 && in[i + 1] == ']' && in[i + 2] == '>')
                return -1;
        } else if (c == '\r') {
            if (n - i >= 2 && in[i + 1] == '\n')
                continue; /* a CRLF keeps only its LF (the next byte) */
            put = '\n';
        } else if (c != '\t' && c != '\n') {
            return -1; /* another C0 control character, or `<` */
        }
        out[len++] = put;
    }
    return len;
}

/* unescape(buf, start, end) -> str | None: the text content buf[start:end] as an XML parser
 * reads it (see xml_text), decoded as strict UTF-8; None where xml_text refuses or the bytes
 * are not UTF-8. One pass, written straight into an ASCII str of the escaped size, which is
 * then shrunk in place; text that turns out not to be ASCII is decoded from that buffer. */
static PyObject *native_unescape(PyObject *self, PyObject *args)
{
    Py_buffer view;
    Py_ssize_t start, end;
    if (!PyArg_ParseTuple(args, "y*nn:unescape", &view, &start, &end))
        return NULL;
    if (start < 0 || end > view.len || start > end) {
        PyBuffer_Release(&view);
        PyErr_SetString(PyExc_ValueError, "unescape: bad bounds");
        return NULL;
    }
    const unsigned char *in = (const unsigned char *)view.buf + start;
    Py_ssize_t n = end - start;
    PyObject *out = PyUnicode_New(n, 127);
    if (out == NULL) {
        PyBuffer_Release(&view);
        return NULL;
    }
    int high;
    Py_ssize_t len = xml_text(in, n, (char *)PyUnicode_1BYTE_DATA(out), &high);
    PyBuffer_Release(&view);
    if (len < 0) {
        Py_DECREF(out);
        Py_RETURN_NONE;
    }
    if (high) { /* UTF-8 bytes in an ASCII str: decode them into a proper one */
        PyObject *text = PyUnicode_DecodeUTF8((const char *)PyUnicode_1BYTE_DATA(out), len,
                                              "strict");
        Py_DECREF(out);
        if (text == NULL && PyErr_ExceptionMatches(PyExc_UnicodeDecodeError)) {
            PyErr_Clear();
            Py_RETURN_NONE;
        }
        return text;
    }
    if (PyUnicode_Resize(&out, len) < 0)
        return NULL;
    return out;
}

static PyMethodDef methods[] = {
    {"unescape", native_unescape, METH_VARARGS, "unescape(buf, start, end) -> str | None"},
    {"setup", native_setup, METH_VARARGS, "Check lxml's element layout and remember its type."},
    {"compile", native_compile, METH_O, "Compile a program spec (see native.py)."},
    {"render", native_render, METH_VARARGS, "render(parent, count, programs, limit=-1)"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef module = {
    PyModuleDef_HEAD_INIT, "nxus._native",
    "qbXML Ret elements -> nXus JSON bytes (see nxus/resources/native.py).", -1, methods,
    NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__native(void)
{
    init_special();
    return PyModule_Create(&module);
}
