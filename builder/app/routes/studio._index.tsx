export default function Studio() {
  return <div className="page"><h1>Studio</h1></div>;
}
