export function StatusBadge({ status, text }: { status: string; text: string }) {
  return <span className={`badge badge-${status}`}>{text}</span>;
}
