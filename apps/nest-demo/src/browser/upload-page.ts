// The page's script, bundled for the browser by scripts/build-page.mjs (esbuild).
import { createPresignClient, upload } from '@oss-presign/core/upload';

const api = createPresignClient({ endpoint: '/api/oss' });
const input = document.querySelector<HTMLInputElement>('#file') as HTMLInputElement;
const button = document.querySelector<HTMLButtonElement>('#upload') as HTMLButtonElement;
const progress = document.querySelector<HTMLProgressElement>('#progress') as HTMLProgressElement;
const status = document.querySelector<HTMLElement>('#status') as HTMLElement;
const list = document.querySelector<HTMLUListElement>('#files') as HTMLUListElement;

async function refresh(): Promise<void> {
  const { objects } = (await (await fetch('/api/files')).json()) as { objects: { key: string; size: number }[] };
  list.replaceChildren(
    ...objects.map((object) => {
      const item = document.createElement('li');
      item.textContent = `${object.key} (${object.size} bytes)`;
      return item;
    }),
  );
}

button.addEventListener('click', async () => {
  const file = input.files?.[0];
  if (!file) {
    status.textContent = 'Pick a file first.';
    return;
  }
  button.disabled = true;
  status.textContent = `Uploading ${file.name}…`;
  try {
    const result = await upload({
      body: file,
      ...api,
      target: api.target({ fileName: file.name }),
      onProgress: (event) => {
        progress.value = event.percent;
      },
    });
    const answer = result.body ? (JSON.parse(result.body) as { key?: string }) : {};
    status.textContent = `Uploaded ${answer.key ?? file.name} (${result.mode}, CRC-64 ${result.verified ? 'verified' : 'not checked'}).`;
    await refresh();
  } catch (error) {
    status.textContent = `Upload failed: ${(error as Error).message}`;
  } finally {
    button.disabled = false;
  }
});

void refresh();
