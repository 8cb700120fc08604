// A small JSON client for the Kring API, holding one person's bearer token.
export class Client {
  constructor(base, token = null) {
    this.base = base;
    this.token = token;
  }

  /** Sends a request; resolves to { status, headers, body } with body parsed when JSON. */
  async request(method, path, body, { headers = {}, raw = false } = {}) {
    const h = { ...headers };
    if (this.token) h.authorization = `Bearer ${this.token}`;
    let payload;
    if (body !== undefined) {
      if (raw) payload = body;
      else { payload = JSON.stringify(body); h['content-type'] = 'application/json'; }
    }
    const res = await fetch(this.base + path, { method, headers: h, body: payload });
    const text = await res.text();
    let parsed = text;
    if ((res.headers.get('content-type') || '').includes('application/json') && text) parsed = JSON.parse(text);
    return { status: res.status, headers: res.headers, body: parsed };
  }
  get(p, o) { return this.request('GET', p, undefined, o); }
  post(p, b, o) { return this.request('POST', p, b, o); }
  patch(p, b, o) { return this.request('PATCH', p, b, o); }
  put(p, b, o) { return this.request('PUT', p, b, o); }
  del(p, b, o) { return this.request('DELETE', p, b, o); }

  /** Registers and logs in; returns a Client carrying the new bearer token and the account. */
  static async signUp(base, handle, extra = {}) {
    const anon = new Client(base);
    const password = extra.password || `pw-${handle}-long-enough`;
    const reg = await anon.post('/api/v1/auth/register', { handle, password, display_name: handle, ...extra });
    if (reg.status !== 201) throw new Error(`register ${handle}: ${reg.status} ${JSON.stringify(reg.body)}`);
    const login = await anon.post('/api/v1/auth/login', { handle, password, type: 'bearer' });
    if (login.status !== 200) throw new Error(`login ${handle}: ${login.status} ${JSON.stringify(login.body)}`);
    const c = new Client(base, login.body.token);
    c.account = login.body.account;
    c.password = password;
    return c;
  }
}
