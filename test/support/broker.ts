/**
 * Deletes the queues and exchanges whose names start with `prefix` through the RabbitMQ
 * management API: what an integration suite created under its own prefix.
 */
export async function deleteBrokerObjects(managementUrl: string, prefix: string): Promise<void> {
  const url = new URL(managementUrl);
  const authorization = `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`;
  const base = `${url.protocol}//${url.host}/api`;
  for (const kind of ['queues', 'exchanges'] as const) {
    const res = await fetch(`${base}/${kind}/%2F?columns=name`, { headers: { authorization } }).catch(
      () => null,
    );
    if (!res?.ok) continue;
    const items = (await res.json()) as { name: string }[];
    for (const { name } of items.filter((i) => i.name.startsWith(prefix))) {
      await fetch(`${base}/${kind}/%2F/${encodeURIComponent(name)}`, {
        method: 'DELETE',
        headers: { authorization },
      });
    }
  }
}
