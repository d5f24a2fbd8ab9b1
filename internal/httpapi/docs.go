package httpapi

import (
	"io/fs"
	"net/http"

	"github.com/labstack/echo/v4"
	swaggerui "github.com/swaggest/swgui/v5/static"
	"github.com/vearutop/statigz"

	"sintra/api"
)

// registerDocs serves the contract and its reference page, all embedded.
func registerDocs(e *echo.Echo) {
	e.GET("/api/openapi.yaml", func(c echo.Context) error {
		return c.Blob(http.StatusOK, "application/yaml", api.Spec)
	})
	docs, _ := fs.Sub(api.Docs, "docs")
	e.GET("/api/docs", func(c echo.Context) error {
		return c.Redirect(http.StatusMovedPermanently, "/api/docs/")
	})
	e.GET("/api/docs/", echo.WrapHandler(http.StripPrefix("/api/docs/", http.FileServerFS(docs))))
	e.GET("/api/docs/docs.js", echo.WrapHandler(http.StripPrefix("/api/docs/", http.FileServerFS(docs))))
	e.GET("/api/docs/assets/*", echo.WrapHandler(http.StripPrefix("/api/docs/assets/", statigz.FileServer(swaggerui.FS))))
}
