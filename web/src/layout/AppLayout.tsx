/**
 * The frame every signed-in page sits in: the menu of the pages this user may open, and a header with the
 * organisation, the user's role, the ledger's current day, the language switch and sign-out. Below antd's `lg`
 * width (a tablet) the menu moves into a drawer opened from the header, so that it never covers the page.
 */
import { MenuOutlined } from "@ant-design/icons";
import { useQuery } from "@tanstack/react-query";
import { Button, Drawer, Grid, Layout, Menu, Space, Tag, Typography } from "antd";
import { Suspense, useState } from "react";
import { Outlet, useLocation, useNavigate } from "react-router";
import { api, unwrap } from "../api/client";
import { useAccess, useSession } from "../auth/session-context";
import { formatDay } from "../format/date";
import { useLanguage } from "../i18n/language";
import { LanguageSwitch } from "../components/LanguageSwitch";
import { PAGES } from "../pages";
import { UnreadBadge } from "../pages/notifications/UnreadBadge";
import { Loading } from "../components/Loading";
import { PageErrorBoundary } from "../components/PageErrorBoundary";
import { useFocusableScrollingBoxes } from "./scrollable-regions";

export function AppLayout() {
  const { t } = useLanguage();
  const access = useAccess();
  const { signOut } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  useFocusableScrollingBoxes();
  const clock = useQuery({ queryKey: ["clock"], queryFn: () => unwrap(api.GET("/clock")), refetchInterval: 60_000 });
  const items = PAGES.filter((p) => p.inMenu !== false && p.visible(access)).map((p) => ({ key: `/${p.path}`, icon: p.icon, label: t(p.label) }));
  const selected = items.find((i) => location.pathname === i.key || location.pathname.startsWith(`${i.key}/`))?.key;
  // Until the first measurement useBreakpoint answers {}; a desktop is the likelier guess.
  const wide = Grid.useBreakpoint().lg ?? true;
  const [drawerOpen, setDrawerOpen] = useState(false);
  const menu = (
    <>
      <div style={{ padding: "16px 20px", fontWeight: 600, fontSize: 16 }}>{t("layout.product")}</div>
      <nav aria-label={t("layout.menu")}>
        <Menu
          mode="inline"
          items={items}
          selectedKeys={selected ? [selected] : []}
          onClick={(e) => {
            setDrawerOpen(false);
            void navigate(e.key);
          }}
        />
      </nav>
    </>
  );
  return (
    <Layout style={{ minHeight: "100vh" }}>
      {wide ? (
        <Layout.Sider width={220} theme="light">
          {menu}
        </Layout.Sider>
      ) : (
        <Drawer placement="left" size={260} open={drawerOpen} onClose={() => setDrawerOpen(false)} closable={false} styles={{ body: { padding: 0 } }}>
          {menu}
        </Drawer>
      )}
      <Layout>
        <Layout.Header style={{ background: "#fff", padding: "0 24px", display: "flex", alignItems: "center", justifyContent: "space-between", gap: 16, flexWrap: "wrap", height: "auto", minHeight: 64 }}>
          <Space wrap>
            {!wide && <Button icon={<MenuOutlined />} aria-label={t("layout.openMenu")} aria-expanded={drawerOpen} onClick={() => setDrawerOpen(true)} />}
            <Typography.Text strong data-testid="header-organisation">{access.me.organisation.name}</Typography.Text>
            <Tag>{t(`layout.role.${access.role}`)}</Tag>
            <Typography.Text type="secondary" data-testid="header-ledger-day">
              {t("layout.ledgerDay")}: {clock.data ? formatDay(clock.data.now) : "…"}
            </Typography.Text>
          </Space>
          <Space wrap size="middle">
            <UnreadBadge />
            <LanguageSwitch />
            <Button onClick={signOut}>{t("layout.signOut")}</Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ margin: 24 }}>
          <main>
            <PageErrorBoundary resetKey={location.pathname} title={t("layout.pageFailed")}>
              <Suspense fallback={<Loading />}>
                <Outlet />
              </Suspense>
            </PageErrorBoundary>
          </main>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
